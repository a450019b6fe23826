import type { Figure } from "./types.js";

/**
 * An error as one table cell: its message's first lines joined (an exporter that exits early puts its one-line
 * reason on the line after "exited early:"), never the stack.
 */
export function describeError(error: unknown, maxLines = 2): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .slice(0, maxLines)
    .join(" ");
}

/** The row of a part of a scenario that could not be measured: the bench goes on with the next part. */
export function failedFigure(label: string, error: unknown): Figure {
  return { label: `${label} (failed)`, value: describeError(error), met: false };
}
