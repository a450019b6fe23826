import { readFileSync } from "node:fs";

/** The package version, read once at startup (build_info, landing page, User-Agent). */
export function readPackageVersion(): string {
  const text = readFileSync(new URL("../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version?: string }).version ?? "0.0.0";
}
