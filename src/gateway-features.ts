// Composition of what rides on the gateway session: the bot, live updates, voice activity, member joins. Started
// only for the features that are on; each is a listener of the one session (gateway/gateway-session.ts).
import type { ClientOptions } from "discord.js";
import { createStatsBot } from "./bot/stats-bot.js";
import { buildStatsCommands } from "./bot/stats-command.js";
import { createStoreStatsHistory } from "./bot/store-history.js";
import { registerCommands } from "./bot/register-commands.js";
import { createCooldown } from "./bot/cooldown.js";
import type { Config } from "./config/index.js";
import type { CounterDeps } from "./counter/deps.js";
import type { ExporterLoop } from "./counter/exporter-loop.js";
import { createCoalescer } from "./counter/live/coalescer.js";
import { createLiveUpdates, LIVE_TIMINGS, type LiveTimings, type LiveUpdates } from "./counter/live/live-updates.js";
import { REAL_TIMERS } from "./counter/scheduler.js";
import type { GatewayListener } from "./gateway/gateway-events.js";
import { type GatewaySession, startGatewaySession } from "./gateway/gateway-session.js";
import { gatewayFeaturesOf, needsGateway } from "./gateway/intents.js";
import type { Logger } from "./log.js";
import { createMemberFlow } from "./members/member-flow.js";
import type { GatewayMetrics } from "./metrics/bot-metrics.js";
import { createBackfillReader } from "./store/backfill-read.js";
import { createHistoryQueries } from "./store/history-queries.js";
import type { Store } from "./store/open.js";
import { createVoiceHistory } from "./store/voice-history.js";
import { createVoiceRecorder, type VoiceRecorder } from "./voice/voice-recorder.js";

/**
 * Charts that may wait for the renderer before a new one is refused with "try again in N s". A chart takes 50-150 ms
 * on the warm worker: 24 waiting is about 2-3 s for the last, inside Discord's 15 minutes and the 3-s goal, and a
 * burst of 20 people each gets a chart (with 8, a third of such a burst was told to try again: npm run bench, bot).
 */
const MAX_QUEUED_CHARTS = 24;
/**
 * The chart worker stops after this long without a chart and starts again on the next one: /stats comes a few times a
 * day, and stopping gives back the worker's V8 isolate, about 10 MiB (docs/memory.md). A few commands in a row share
 * one warm worker.
 */
const CHART_WORKER_IDLE_STOP_MS = 2 * 60_000;
/** One chart per person this often: a burst from one user must not fill the queue for everyone. */
const COOLDOWN_MS = 5000;
/**
 * A full garbage collection after the charts' answers, at most one this often. Each chart reaches the main thread as a
 * copy of its PNG, and discord.js copies it again to upload it. Those buffers live outside the V8 heap, which
 * collects them only when the heap itself needs a collection or external memory has grown by tens of MB: until then,
 * resident memory grows by them. In the bench's bot scenario (section 7: 300 commands, then bursts of 20) the bot
 * process's peak went from 160.7 to 141.9-143.5 MiB; a young-generation collection did not help, because by the
 * time the upload is done the buffers' holders have been promoted (docs/memory.md). A full one pauses the event
 * loop: /metrics during the bursts, p99 3.3-4.8 ms with it, 4.0 without (npm run bench -- --only bot).
 */
const CHART_MEMORY_RELEASE_INTERVAL_MS = 1000;

export interface GatewayFeaturesDeps {
  config: Config;
  store: Store;
  log: Logger;
  clock: () => number;
  counter: CounterDeps;
  loop: ExporterLoop;
  metrics: GatewayMetrics;
  etaSeconds: (guildId: string) => number | null;
  clientOptions?: Partial<ClientOptions>;
  /** The live updates' coalescing delays; production passes nothing (LIVE_TIMINGS). */
  liveTimings?: LiveTimings;
  /** The chart worker's entry when not package-root's choice (tests pass dist/'s). */
  chartWorkerEntry?: URL;
  /** A full garbage collection, when the process allows one (--expose-gc): see CHART_MEMORY_RELEASE_INTERVAL_MS. */
  collectGarbage?: () => void;
}

export interface RunningGatewayFeatures {
  readonly session: GatewaySession;
  readonly live: LiveUpdates | null;
  readonly voice: VoiceRecorder | null;
  stop(): Promise<void>;
}

/** null when no feature needs the gateway: the exporter then speaks REST only, as without these settings. */
export async function startGatewayFeatures(deps: GatewayFeaturesDeps): Promise<RunningGatewayFeatures | null> {
  const { config, store, log, clock } = deps;
  const features = gatewayFeaturesOf(config);
  if (!needsGateway(features)) return null;
  const guildIds = new Set(config.guildIds);
  const listeners: GatewayListener[] = [];
  const stopLive = new AbortController();

  const live = features.liveUpdates
    ? createLiveUpdates(deps.counter, {
        guildIds,
        isExcluded: deps.loop.isExcluded,
        backfills: deps.loop.backfills,
        signal: stopLive.signal,
        timers: REAL_TIMERS,
        deletions: true,
        timings: deps.liveTimings ?? LIVE_TIMINGS,
      })
    : null;
  if (live) listeners.push(live);
  const voice = features.voiceActivity
    ? createVoiceRecorder({ store, clock, log, guildIds, checkpointMs: config.voiceCheckpointMs })
    : null;
  if (voice) listeners.push(voice);
  if (features.memberEvents) listeners.push(createMemberFlow({ store, clock, guildIds }));

  // Only the bot draws charts, and loads the renderer when it is on. Not the render/ barrel: it also exports
  // renderChartPng, whose @napi-rs/canvas would then load on the main thread (tens of MB); the workers load it.
  const renderer = features.bot
    ? (await import("./charts/render/chart-renderer.js")).createChartRenderer({
        maxQueued: MAX_QUEUED_CHARTS,
        idleStopMs: CHART_WORKER_IDLE_STOP_MS,
        workerUrl: deps.chartWorkerEntry,
        onFailure: (failure) => {
          deps.metrics.chartRenderFailed(failure.kind);
          log.warn({ err: failure.error, kind: failure.kind }, "chart render failed");
        },
      })
    : null;
  const collectGarbage = deps.collectGarbage;
  // One key: every chart's copies are the main thread's garbage alike, so one collection serves them all.
  const chartMemory =
    renderer === null || collectGarbage === undefined
      ? null
      : createCoalescer<"charts">({
          delayMs: 0,
          minIntervalMs: CHART_MEMORY_RELEASE_INTERVAL_MS,
          clock,
          timers: REAL_TIMERS,
          run: async () => collectGarbage(),
          onError: (_key, error) => log.warn({ err: error }, "garbage collection after a chart failed"),
        });
  const bot =
    renderer === null
      ? null
      : createStatsBot({
          history: createStoreStatsHistory({
            queries: createHistoryQueries(store),
            backfills: createBackfillReader(store),
            etaSeconds: deps.etaSeconds,
            voice: features.voiceActivity ? createVoiceHistory(store) : null,
          }),
          renderer,
          cooldown: createCooldown({ ms: COOLDOWN_MS, clock }),
          clock,
          log,
          metrics: deps.metrics,
          guildIds,
          voice: features.voiceActivity,
          chartSent: () => chartMemory?.request("charts"),
        });

  let session: GatewaySession | null = null;
  if (bot) {
    listeners.push({
      onReady: async ({ applicationId }) => {
        if (session === null) return;
        await registerCommands(
          session.client.rest,
          applicationId,
          config.guildIds,
          buildStatsCommands({ voice: features.voiceActivity }),
          log,
        );
      },
    });
  }
  session = await startGatewaySession({
    token: config.token,
    apiUrl: config.apiUrl,
    features,
    log,
    setGatewayUp: deps.metrics.setGatewayUp,
    listeners,
    onInteraction: bot ? (interaction) => void bot.handle(interaction) : undefined,
    clientOptions: deps.clientOptions,
  });
  const running = session;
  return {
    session: running,
    live,
    voice,
    async stop() {
      stopLive.abort();
      await running.stop();
      voice?.stop();
      await live?.stop();
      await renderer?.close();
      await chartMemory?.stop();
    },
  };
}
