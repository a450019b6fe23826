import fs from "node:fs";
import path from "node:path";

/**
 * Node's arguments in package.json's `start` script, flags included, when it is `node … dist/cli/main.js serve`:
 * the one place the production launch is written (the Dockerfile's CMD is tested against it), read by the demo and
 * the benches so that they launch the exporter the same way. Relative to the package directory; null otherwise.
 */
export function startNodeArgs(packageDir: string): string[] | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
      scripts?: { start?: string };
    };
    const match = /^node\s+(.*\bdist\/cli\/main\.js serve)\s*$/.exec(pkg.scripts?.start?.trim() ?? "");
    return match?.[1] ? match[1].split(/\s+/) : null;
  } catch {
    return null;
  }
}
