import os from "node:os";

/** The 1, 5 and 15 min load averages as printed next to noisy timings, e.g. "0.82, 4.22, 8.19". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");
}
