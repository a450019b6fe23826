import { transformSync } from "esbuild";

/**
 * One TypeScript module as tsc emits it into dist/ for the browser: types stripped, ES2022, and every import kept as
 * written (type-only ones are marked `import type`), so the browser loads the same module graph the web page does.
 */
export function transpileForBrowser(source: string): string {
  return transformSync(source, {
    loader: "ts",
    format: "esm",
    target: "es2022",
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  }).code;
}
