import { defineConfig } from "vitest/config";
import { LongFilesFirstSequencer } from "./test/long-files-first.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end tests start real processes and servers; two cores, so keep parallelism modest.
    maxWorkers: 4,
    pool: "threads",
    isolate: false,
    sequence: { sequencer: LongFilesFirstSequencer },
  },
});
