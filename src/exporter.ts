import type { ServerType } from "@hono/node-server";
import { serve } from "@hono/node-server";
import type { RESTOptions } from "@discordjs/rest";
import type { ClientOptions } from "discord.js";
import { Gauge, Registry } from "prom-client";
import type { Config } from "./config/index.js";
import {
  BACKFILL_SAMPLE_EVERY_MS,
  createBackfillEtaTracker,
  summarizeFirstCount,
} from "./counter/backfill-eta-tracker.js";
import type { CounterDeps } from "./counter/deps.js";
import { createExporterLoop, type ExporterLoop } from "./counter/exporter-loop.js";
import type { LiveTimings } from "./counter/live/live-updates.js";
import type { RunningGatewayFeatures } from "./gateway-features.js";
import { gatewayFeaturesOf, needsGateway } from "./gateway/intents.js";
import { createGatewayMetrics } from "./metrics/bot-metrics.js";
import { lifecyclePolicy } from "./counter/policy.js";
import { globalPace, createLimiter } from "./counter/limiter.js";
import { REAL_TIMERS } from "./counter/scheduler.js";
import { createRestDiscordApi } from "./discord/rest-api.js";
import type { DiscordApi } from "./discord/types.js";
import { createApp } from "./http/app.js";
import { createAssetTable, defaultAssetSources } from "./http/dashboard/assets.js";
import type { WebSecurity } from "./http/web-security.js";
import { buildLandingData } from "./http/landing-data.js";
import type { Logger } from "./log.js";
import { createMetricsRenderer } from "./metrics/render.js";
import { createSelfMetrics } from "./metrics/self-metrics.js";
import { createStoreRenderClient } from "./metrics/store-render-client.js";
import { createBackfillReader } from "./store/backfill-read.js";
import { createHistoryQueries } from "./store/history-queries.js";
import { createVoiceHistory } from "./store/voice-history.js";
import { createMetricsReader } from "./store/metrics-read.js";
import type { Store } from "./store/open.js";
import { createPageWriter } from "./store/page-writes.js";

export interface ExporterEdges {
  config: Config;
  store: Store;
  log: Logger;
  version: string;
  clock?: () => number;
  /**
   * How old a /metrics body a scrape may be served after a change while the next renders (metrics/render.ts):
   * Infinity by default, rendered ahead; 0 makes a scrape after a change wait (tests comparing exact values).
   */
  maxStaleMs?: number;
  /** REST client tuning for benchmarks. */
  restOverrides?: Partial<RESTOptions>;
  /** TLS and basic auth from WEB_CONFIG_FILE; null serves plain HTTP to everyone. */
  web?: WebSecurity | null;
  /** discord.js tuning for tests of the gateway (its identify throttle); production passes nothing. */
  gatewayClientOptions?: Partial<ClientOptions>;
  /** Shorter coalescing delays for tests of the live updates; production passes nothing. */
  liveTimings?: LiveTimings;
  /** Worker thread entries other than package-root's choice: tests pass dist/'s (see workerEntry). */
  workerEntries?: WorkerEntries;
  /** A full garbage collection (node's `gc` under --expose-gc), run after the bot's charts (gateway-features). */
  collectGarbage?: () => void;
}

export interface WorkerEntries {
  storeRender: URL;
  chart: URL;
}

export interface RunningExporter {
  readonly url: string;
  readonly loop: ExporterLoop;
  readonly api: DiscordApi;
  readonly registry: Registry;
  /** The gateway session and what rides on it; null when no feature needs the gateway. */
  readonly gateway: RunningGatewayFeatures | null;
  stop(): Promise<void>;
}

/** Wires the counter, the metrics and the HTTP server together; main.ts and end-to-end tests call it. */
export async function startExporter(edges: ExporterEdges): Promise<RunningExporter> {
  const { config, store, log } = edges;
  const clock = edges.clock ?? Date.now;
  const registry = new Registry();
  const self = createSelfMetrics(registry);
  new Gauge({
    name: "discord_exporter_build_info",
    help: "Always 1; the version label says which exporter is running.",
    labelNames: ["version"] as const,
    registers: [registry],
  }).set({ version: edges.version }, 1);

  // The REST client's global throttle, which the limiter's pace stays under (a benchmark may lift it).
  const globalPerSecond = edges.restOverrides?.globalRequestsPerSecond ?? config.globalRateLimit;
  const api = createRestDiscordApi({
    token: config.token,
    apiUrl: config.apiUrl,
    timeoutMs: config.requestTimeoutMs,
    globalRequestsPerSecond: globalPerSecond,
    observer: self.requestObserver,
    rest: edges.restOverrides,
  });
  const reader = createMetricsReader(store);
  const utcToday = () => new Date(clock()).toISOString().slice(0, 10);
  const backfillReader = createBackfillReader(store);
  const backfillEta = createBackfillEtaTracker({ ...backfillReader, clock });
  // Observed on every scrape and page view (when the data changed) and every 15 s besides, for the pace's window.
  const refreshBackfillEta = () => {
    const estimates = backfillEta.refresh(store.generation());
    self.setBackfillEta(new Map([...estimates].map(([guildId, estimate]) => [guildId, estimate.etaSeconds])));
    return estimates;
  };
  const backfillEtaTimer = setInterval(() => {
    try {
      refreshBackfillEta();
    } catch (error) {
      self.syncObserver.operationFailed("backfill_eta", "internal");
      log.warn({ err: error }, "observing the backfill's progress failed");
    }
  }, BACKFILL_SAMPLE_EVERY_MS);
  backfillEtaTimer.unref();
  const storeRender = createStoreRenderClient(
    {
      databasePath: store.path,
      exportChannelNames: config.exportChannelNames,
      legacyMetrics: config.legacyMetrics,
      voice: config.voiceActivity,
      memberEvents: config.memberEvents,
    },
    {
      log,
      onIdleWorkerFailed: () => self.syncObserver.operationFailed("metrics_render", "internal"),
      entry: edges.workerEntries?.storeRender,
    },
  );
  const gatewayMetrics = needsGateway(gatewayFeaturesOf(config))
    ? createGatewayMetrics(registry, { bot: config.botEnabled })
    : null;
  const renderer = createMetricsRenderer({
    renderParts: [() => registry.metrics(), () => storeRender.render(utcToday())],
    contentType: registry.contentType,
    // Intervals only: the exporter's clock may be a test's fixed date.
    clock: () => performance.now(),
    timers: REAL_TIMERS,
    // The day is part of the key: the active-member windows move at midnight UTC even when nothing is written.
    generation: () => {
      refreshBackfillEta();
      return `${store.generation()}:${self.generation()}:${gatewayMetrics?.generation() ?? 0}:${utcToday()}`;
    },
    maxStaleMs: edges.maxStaleMs ?? Number.POSITIVE_INFINITY,
    onRenderFailed: (error) => {
      self.syncObserver.operationFailed("metrics_render", "internal");
      log.warn({ err: error }, "rendering metrics failed; scrapes get its previous text, if there is one");
    },
  });

  const counter: CounterDeps = {
    api,
    store,
    writer: createPageWriter(store),
    limiter: createLimiter(
      config.concurrency,
      globalPace(globalPerSecond, () => performance.now(), REAL_TIMERS),
    ),
    clock,
    log,
    observer: self.syncObserver,
    policy: lifecyclePolicy(config),
  };
  const loop = createExporterLoop(counter, {
    guildIds: config.guildIds,
    excludedChannels: config.excludedChannels,
    pollIntervalMs: config.pollIntervalMs,
    recountIntervalMs: config.recountIntervalMs,
  });

  const history = createHistoryQueries(store);
  const voiceHistory = createVoiceHistory(store);
  const app = createApp({
    renderMetrics: renderer.scrape,
    api: { history, voice: voiceHistory, exportChannelNames: config.exportChannelNames, today: utcToday },
    dashboard: {
      version: edges.version,
      readLanding: () => buildLandingData(edges.version, reader.readGuilds(), reader.readChannels()),
      readFirstCount: () => summarizeFirstCount(refreshBackfillEta(), backfillReader.readCounted()),
      history,
      voice: voiceHistory,
      voiceActivity: config.voiceActivity,
      exportChannelNames: config.exportChannelNames,
      today: utcToday,
      assets: createAssetTable(defaultAssetSources()),
    },
    checkHealth: () => {
      try {
        store.generation();
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    log,
    middleware: edges.web?.middleware,
  });
  const { server, url } = await listen(app.fetch, config.host, config.port, edges.web ?? null);
  log.info({ url }, "serving metrics");
  loop.start();
  // Loaded only when a feature needs the gateway: the REST-only exporter starts without the bot and its charts.
  const gateway =
    gatewayMetrics === null
      ? null
      : await (await import("./gateway-features.js")).startGatewayFeatures({
          config,
          store,
          log,
          clock,
          counter,
          loop,
          metrics: gatewayMetrics,
          etaSeconds: (guildId) => backfillEta.current().get(guildId)?.etaSeconds ?? null,
          clientOptions: edges.gatewayClientOptions,
          liveTimings: edges.liveTimings,
          chartWorkerEntry: edges.workerEntries?.chart,
          collectGarbage: edges.collectGarbage,
        });

  return {
    url,
    loop,
    api,
    registry,
    gateway,
    async stop() {
      clearInterval(backfillEtaTimer);
      await gateway?.stop();
      await loop.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await renderer.stop();
      await storeRender.close();
    },
  };
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  web: WebSecurity | null,
): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port, ...(web?.serve ?? {}) }, (info) => {
      const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
      const scheme = web?.scheme ?? "http";
      resolve({ server, url: `${scheme}://${host === "0.0.0.0" ? "127.0.0.1" : host}:${info.port}` });
    });
    server.once("error", reject);
  });
}
