// The order test files start in. Vitest starts the files that took longest in its last run first, from a cache in
// node_modules/.vite; a clean checkout (CI) has none, and vitest then starts the largest files first. The long files
// are not the largest: there, a 5-s file waiting on its exporter started 50-61 s in and ended the run alone. These
// files, in this order, start first, cache or not, and the run ends on short unit tests; the rest follow in vitest's
// own order.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The files that take longest (processes, a browser, Prometheus, kills), longest first, as measured in a full run. */
export const LONG_FILES = [
  "test/e2e/crash-safety.e2e.test.ts",
  "test/e2e/voice.e2e.test.ts",
  "test/e2e/dashboard-browser.e2e.test.ts",
  "test/e2e/bot.e2e.test.ts",
  "test/deploy/prometheus-helper.test.ts",
  "test/e2e/live.e2e.test.ts",
  "test/e2e/discord-faults.e2e.test.ts",
  "test/deploy/web-auth.test.ts",
  "test/e2e/backfill-eta.e2e.test.ts",
  "test/charts/chart-renderer.test.ts",
  "test/e2e/channel-kinds.e2e.test.ts",
  "test/fake-discord/gateway-reconnect.test.ts",
  "test/e2e/lost-access.e2e.test.ts",
  "test/fake-discord/control-api.test.ts",
  "test/fake-discord/rate-limits.test.ts",
  "test/e2e/bad-database.e2e.test.ts",
];

/** `files` with LONG_FILES first, in that order, then the rest in the order they came in. */
export function longFilesFirst<T>(files: readonly T[], relativePath: (file: T) => string): T[] {
  const rank = (file: T) => LONG_FILES.indexOf(relativePath(file));
  const listed = files.filter((file) => rank(file) >= 0).sort((a, b) => rank(a) - rank(b));
  return [...listed, ...files.filter((file) => rank(file) < 0)];
}

export class LongFilesFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    return longFilesFirst(await super.sort(files), (spec) =>
      path.relative(root, spec.moduleId).split(path.sep).join("/"),
    );
  }
}
