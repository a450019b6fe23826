/**
 * True under CI (CI set, and not "", "0" or "false"): .ci/run installs every tool the tests need, so there a missing
 * tool fails its tests, while on a developer's machine they are skipped with a message.
 */
export function isCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}
