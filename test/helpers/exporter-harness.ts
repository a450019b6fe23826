import { type Config, DEFAULTS } from "../../src/config/index.js";
import { type ExporterEdges, type RunningExporter, startExporter } from "../../src/exporter.js";
import { createLogger } from "../../src/log.js";
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from "../../fake-discord/server.js";
import type { World } from "../../fake-discord/world.js";
import { BUILT_WORKERS } from "./built-workers.js";
import { openTempStore } from "./temp-store.js";
import { parseMetrics, type Sample } from "./parse-metrics.js";
import type { Store } from "../../src/store/open.js";

export const TEST_TOKEN = "test-token-abcdefghijklmnopqrstuvwxyz";

export interface Harness {
  fake: FakeDiscord;
  exporter: RunningExporter;
  store: Store;
  config: Config;
  /** Waits for the running sync and every backfill to finish. */
  settle(): Promise<void>;
  /** A fresh sync of every guild, then waits for backfills. */
  syncAndSettle(): Promise<void>;
  scrape(): Promise<Sample[]>;
  scrapeText(): Promise<string>;
  /** Stops the exporter (the process "goes down"), runs `whileDown`, then starts a new one on the same database. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Every log line the exporter wrote (warn and above unless TEST_LOG says otherwise), parsed. */
  logs(): { level: number; msg: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

/**
 * The exporter in this process, against the fake Discord over real HTTP on 127.0.0.1, with a real SQLite file:
 * everything but the process boundary (the crash tests spawn real processes).
 */
export async function startHarness(
  world: World,
  guildIds: string[],
  overrides: Partial<Config> = {},
  fakeOptions: Partial<FakeDiscordOptions> = {},
  edges: Pick<ExporterEdges, "clock" | "gatewayClientOptions" | "liveTimings" | "collectGarbage"> = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(world, { token: TEST_TOKEN, ...fakeOptions });
  const temp = openTempStore();
  const config: Config = {
    ...DEFAULTS,
    excludedChannels: [...DEFAULTS.excludedChannels],
    token: TEST_TOKEN,
    guildIds,
    apiUrl: fake.url,
    databasePath: temp.file,
    host: "127.0.0.1",
    port: 0,
    // Syncs are driven by the test; the timer never fires within a test.
    pollIntervalMs: 3_600_000,
    requestTimeoutMs: 5_000,
    configFile: null,
    // discord.js holds itself to Discord's 50 requests/s; the fake has no such limit unless a test asks for one.
    globalRateLimit: 10_000,
    ...overrides,
  };
  const lines: string[] = [];
  const edgesOf = (): ExporterEdges => ({
    config,
    store: temp.store,
    // TEST_LOG=debug shows the exporter's logs while debugging a test; warnings and errors are kept for assertions.
    log: process.env.TEST_LOG
      ? createLogger({ level: process.env.TEST_LOG, secrets: [TEST_TOKEN] })
      : createLogger({ level: "warn", secrets: [TEST_TOKEN], destination: { write: (line) => void lines.push(line) } }),
    gatewayClientOptions: edges.gatewayClientOptions,
    liveTimings: edges.liveTimings,
    version: "test",
    clock: edges.clock,
    collectGarbage: edges.collectGarbage,
    maxStaleMs: 0,
    workerEntries: BUILT_WORKERS,
  });
  let exporter = await startExporter(edgesOf());
  const settle = async () => {
    await exporter.loop.syncNow();
    await exporter.loop.backfills.idle();
  };
  const scrapeText = async () => {
    const response = await fetch(`${exporter.url}/metrics`);
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    return response.text();
  };
  return {
    fake,
    get exporter() {
      return exporter;
    },
    store: temp.store,
    config,
    settle,
    async syncAndSettle() {
      await settle();
      await exporter.loop.syncNow();
      await exporter.loop.backfills.idle();
    },
    scrapeText,
    scrape: async () => parseMetrics(await scrapeText()),
    async restart(whileDown) {
      await exporter.stop();
      await whileDown?.();
      exporter = await startExporter(edgesOf());
    },
    logs: () => lines.map((line) => JSON.parse(line) as { level: number; msg: string }),
    async close() {
      await exporter.stop();
      await fake.close();
      temp.cleanup();
    },
  };
}
