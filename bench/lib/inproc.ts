/**
 * The exporter in this process (startExporter, the composition main.ts uses), on a real SQLite file. The code is
 * loaded from the run's snapshot (see snapshot.ts), like the exporter processes, so edits made to src/ during a run
 * do not mix in; only the types come from src/ directly.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Config } from "../../src/config/index.js";
import type { ExporterEdges, RunningExporter } from "../../src/exporter.js";
import type { Store } from "../../src/store/open.js";
import { BENCH_TOKEN } from "./fake.js";
import { codeRootDir } from "./proc.js";

type RESTOptions = NonNullable<ExporterEdges["restOverrides"]>;

interface Code {
  DEFAULTS: typeof import("../../src/config/index.js").DEFAULTS;
  startExporter: typeof import("../../src/exporter.js").startExporter;
  createLogger: typeof import("../../src/log.js").createLogger;
  createSilentLogger: typeof import("../../src/log.js").createSilentLogger;
  openStore: typeof import("../../src/store/open.js").openStore;
}

const loaded = new Map<string, Promise<Code>>();

function loadCode(): Promise<Code> {
  const root = codeRootDir();
  let code = loaded.get(root);
  if (code === undefined) {
    const load = (file: string) => import(pathToFileURL(path.join(root, "src", file)).href);
    code = Promise.all([load("config/index.ts"), load("exporter.ts"), load("log.ts"), load("store/open.ts")]).then(
      ([config, exporter, log, open]) => ({
        DEFAULTS: config.DEFAULTS,
        startExporter: exporter.startExporter,
        createLogger: log.createLogger,
        createSilentLogger: log.createSilentLogger,
        openStore: open.openStore,
      }),
    );
    loaded.set(root, code);
  }
  return code;
}

/** Opens a database with the code under test (its migrations). */
export async function openBenchStore(file: string): Promise<Store> {
  return (await loadCode()).openStore({ path: file });
}

export interface InProcessOptions {
  apiUrl: string;
  databasePath: string;
  guildIds: string[];
  concurrency?: number;
  /** Production REST defaults when omitted (50 requests/s global throttle). */
  rest?: Partial<RESTOptions>;
  clock?: () => number;
  /**
   * Every scrape after a change waits for a fresh render instead of being served the previous body (to time a
   * render): maxStaleMs 0, which also stops rendering ahead (src/metrics/render.ts).
   */
  freshRender?: boolean;
  /** Reuse an open store (a restart against another fake keeps the same database handle). */
  store?: Store;
}

export interface InProcessExporter {
  exporter: RunningExporter;
  store: Store;
  config: Config;
  /** Stops the exporter; the store stays open unless closeStore. */
  stop(options?: { closeStore?: boolean }): Promise<void>;
}

function benchConfig(
  DEFAULTS: Code["DEFAULTS"],
  options: Pick<InProcessOptions, "apiUrl" | "databasePath" | "guildIds" | "concurrency">,
): Config {
  return {
    ...DEFAULTS,
    excludedChannels: [...DEFAULTS.excludedChannels],
    token: BENCH_TOKEN,
    guildIds: options.guildIds,
    apiUrl: options.apiUrl,
    databasePath: options.databasePath,
    host: "127.0.0.1",
    port: 0,
    // The scenario triggers syncs itself (loop.syncNow()); the timer never fires during a run.
    pollIntervalMs: 24 * 3_600_000,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    logLevel: "warn",
    configFile: null,
  };
}

export async function startInProcess(options: InProcessOptions): Promise<InProcessExporter> {
  const { DEFAULTS, startExporter, createLogger, createSilentLogger, openStore } = await loadCode();
  const store = options.store ?? openStore({ path: options.databasePath });
  const config = benchConfig(DEFAULTS, options);
  const edges: ExporterEdges = {
    config,
    store,
    log: process.env.BENCH_LOG
      ? createLogger({ level: process.env.BENCH_LOG, secrets: [BENCH_TOKEN] })
      : createSilentLogger(),
    version: "bench",
    clock: options.clock,
    restOverrides: options.rest,
  };
  const exporter = await startExporter({ ...edges, ...(options.freshRender ? { maxStaleMs: 0 } : {}) });
  return {
    exporter,
    store,
    config,
    async stop({ closeStore = false } = {}) {
      await exporter.stop();
      if (closeStore) store.close();
    },
  };
}

/** Unthrottled REST client for preparing data fast against a fake without rate limits. */
export const UNTHROTTLED_REST: Partial<RESTOptions> = { globalRequestsPerSecond: 1_000_000, offset: 0 };

/** Waits for the sync in flight (startExporter starts one) and every backfill. */
export async function settle(exporter: RunningExporter): Promise<void> {
  await exporter.loop.syncNow();
  await exporter.loop.backfills.idle();
}
