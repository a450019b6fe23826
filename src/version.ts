import { readFileSync } from "node:fs";
import path from "node:path";
import { PACKAGE_ROOT } from "./package-root.js";

/** The package version, read once at startup (build_info, landing page, User-Agent). */
export function readPackageVersion(): string {
  const text = readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8");
  return (JSON.parse(text) as { version?: string }).version ?? "0.0.0";
}
