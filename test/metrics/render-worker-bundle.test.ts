// The metrics render worker's bundle, as dist/ holds it (built by npm test or the global setup): the packages its
// thread loads. Every module a worker loads costs that thread memory of its own; the worker reads SQLite directly
// (src/store/connection.ts), so drizzle must not come back into its imports through a shared module.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILT_WORKERS } from "../helpers/built-workers.js";

/** Every dist/ file the entry loads, following its static imports of other dist/ files. */
function loadedFiles(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const code = fs.readFileSync(file, "utf8");
    for (const match of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      const imported = path.resolve(path.dirname(file), match[1]!);
      if (!seen.has(imported)) {
        seen.add(imported);
        queue.push(imported);
      }
    }
  }
  return [...seen];
}

/** The npm packages bundled into these files, from their source maps. */
function bundledPackages(files: readonly string[]): Set<string> {
  const packages = new Set<string>();
  for (const file of files) {
    const map = JSON.parse(fs.readFileSync(`${file}.map`, "utf8")) as { sources: string[] };
    for (const source of map.sources) {
      const inside = source.split("node_modules/").at(-1)!;
      if (inside === source) continue;
      const parts = inside.split("/");
      packages.add(parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  }
  return packages;
}

describe("the metrics render worker's bundle", () => {
  it("loads prom-client but not drizzle", () => {
    const files = loadedFiles(fileURLToPath(BUILT_WORKERS.storeRender));
    expect(files.length).toBeGreaterThan(1);
    const packages = bundledPackages(files);
    expect(packages).toContain("prom-client");
    expect([...packages].filter((name) => name.startsWith("drizzle"))).toEqual([]);
  });
});
