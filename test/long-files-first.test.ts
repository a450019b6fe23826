import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { LONG_FILES, longFilesFirst } from "./long-files-first.js";

describe("the order test files start in", () => {
  it("names only test files that exist: a renamed file would silently lose its early start", () => {
    for (const file of LONG_FILES) {
      expect(file).toMatch(/^test\/.+\.test\.ts$/);
      expect(fs.existsSync(file), file).toBe(true);
    }
    expect(new Set(LONG_FILES).size).toBe(LONG_FILES.length);
  });

  it("puts the listed files first in the list's order, the rest after in the order they came", () => {
    const second = LONG_FILES[1]!;
    const first = LONG_FILES[0]!;
    const files = ["test/a.test.ts", second, "test/b.test.ts", first, "test/c.test.ts"];
    expect(longFilesFirst(files, (file) => file)).toEqual([
      first,
      second,
      "test/a.test.ts",
      "test/b.test.ts",
      "test/c.test.ts",
    ]);
  });
});
