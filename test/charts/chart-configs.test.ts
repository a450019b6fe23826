// Properties every chart definition must have, checked over all of them at once.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chartPalettes } from "../../src/charts/theme.js";
import { sampleConfigs } from "./sample-data.js";

const variants = [
  { locale: "ja", theme: "dark" },
  { locale: "en", theme: "light" },
] as const;

function keysNamed(value: unknown, name: string, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key === name ? [`${path}.${key}`] : []),
    ...keysNamed(item, name, `${path}.${key}`),
  ]);
}

describe("every chart definition", () => {
  for (const options of variants) {
    for (const [name, config] of Object.entries(sampleConfigs(options))) {
      it(`${name} (${options.locale}, ${options.theme}) is plain JSON: it survives a round trip unchanged`, () => {
        // No functions, no undefined, no Dates, no class instances: serialisable to a browser or a worker.
        expect(JSON.parse(JSON.stringify(config))).toStrictEqual(config);
      });

      it(`${name} (${options.locale}, ${options.theme}) names no font family and carries its theme's background`, () => {
        // Each side (server renderer, web page) chooses its own fonts.
        expect(keysNamed(config, "family")).toEqual([]);
        expect(config.options?.plugins?.background?.color).toBe(chartPalettes[options.theme].background);
        expect(config.options?.locale).toBe(options.locale);
        // Category axes with pre-formatted labels, one per data point.
        for (const dataset of config.data.datasets) expect(dataset.data).toHaveLength(config.data.labels?.length ?? -1);
      });
    }
  }
});

describe("the chart definitions folder", () => {
  const folder = fileURLToPath(new URL("../../src/charts/", import.meta.url));
  const files = readdirSync(folder).filter((f) => f.endsWith(".ts"));

  it("imports nothing a browser cannot load: relative .js imports, and chart.js as types only", () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(folder + file, "utf8");
      const imports = [...source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)];
      for (const [statement, , typeOnly, specifier] of imports) {
        if (typeOnly) continue;
        expect({ file, statement }).toMatchObject({ statement: expect.stringMatching(/from "\.\/[\w-]+\.js"$/) });
        expect(specifier).toMatch(/^\.\/[\w-]+\.js$/);
      }
      expect({ file, dynamic: /\bimport\(|\brequire\(|\bprocess\.|\bBuffer\b/.test(source) }).toEqual({
        file,
        dynamic: false,
      });
    }
  });
});
