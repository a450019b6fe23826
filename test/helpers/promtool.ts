import { spawnSync } from "node:child_process";
import { isCI } from "./ci.js";
import { runSmall } from "./small-spawn.js";

/** promtool comes from Debian's prometheus package; .ci/run installs it, so in CI its absence is a failure. */
export function findPromtool(): string | null {
  const found = spawnSync("sh", ["-c", "command -v promtool"], { encoding: "utf8" });
  const path = found.stdout.trim();
  if (found.status === 0 && path) return path;
  if (isCI()) throw new Error("promtool is missing: .ci/run must install Debian's prometheus package");
  return null;
}

export async function promtoolCheckMetrics(
  promtool: string,
  text: string,
): Promise<{ status: number | null; output: string }> {
  const result = await runSmall(promtool, ["check", "metrics"], { input: text });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
