// Keeps the recent observations of each guild's first count and the estimate made from them (backfill-eta.ts).
// The exporter calls sample() periodically and before each read; the reads and the clock are injected.
import type { BackfillRow } from "../store/backfill-read.js";
import {
  addObservation,
  advanceChannelPaces,
  backfillCoverage,
  type BackfillMeasure,
  type BackfillObservation,
  type ChannelPace,
  combineEtaSeconds,
  DEFAULT_ETA_POLICY,
  type EtaPolicy,
  estimateEtaSeconds,
  measureBackfills,
  progressBetween,
  largestChannelEtaSeconds,
  sumRemaining,
} from "./backfill-eta.js";

export interface BackfillEstimate {
  /** Pages still to fetch, estimated, summed over the guild's backfilling channels (backfill-eta.ts). */
  remainingPages: number;
  /** Channels and threads still backfilling. */
  backfilling: number;
  /**
   * Seconds until the first count ends: the later of the guild's recent total pace and its slowest channel's own;
   * 0 when it has ended; null while unknown.
   */
  etaSeconds: number | null;
}

export interface BackfillEtaTracker {
  /** Reads the unfinished rows and adds an observation per guild; returns the estimates. */
  sample(): ReadonlyMap<string, BackfillEstimate>;
  /**
   * Samples when the data changed since the last sample (`generation`: the store's) or `sampleEveryMs` has passed,
   * else returns the last estimates: cheap enough to call on every scrape and page view.
   */
  refresh(generation: string): ReadonlyMap<string, BackfillEstimate>;
  /** The estimates of the last sample, without reading. */
  current(): ReadonlyMap<string, BackfillEstimate>;
}

/** How often the exporter samples even when nothing asks: the window needs observations while nobody looks. */
export const BACKFILL_SAMPLE_EVERY_MS = 15_000;

export interface BackfillEtaTrackerDeps {
  readUnfinished: () => BackfillRow[];
  readListedGuilds: () => string[];
  readCountedByGuild: () => Map<string, number>;
  clock: () => number;
  policy?: EtaPolicy;
}

export function createBackfillEtaTracker(deps: BackfillEtaTrackerDeps): BackfillEtaTracker {
  const policy = deps.policy ?? DEFAULT_ETA_POLICY;
  const guilds = new Map<
    string,
    { measure: BackfillMeasure; observations: BackfillObservation[]; paces: Map<string, ChannelPace> }
  >();
  let estimates: ReadonlyMap<string, BackfillEstimate> = new Map();
  let last: { generation: string; at: number } | null = null;
  const tracker: BackfillEtaTracker = {
    refresh(generation) {
      const at = deps.clock();
      if (last?.generation === generation && at - last.at < BACKFILL_SAMPLE_EVERY_MS) return estimates;
      last = { generation, at };
      return tracker.sample();
    },
    sample() {
      const at = deps.clock();
      const measures = measureBackfills(deps.readUnfinished(), deps.readListedGuilds(), deps.readCountedByGuild());
      const next = new Map<string, BackfillEstimate>();
      for (const [guildId, measure] of measures) {
        const known = guilds.get(guildId);
        const observation = {
          at,
          remaining: sumRemaining(measure),
          progress: known ? progressBetween(known.measure, measure) : 0,
        };
        const observations = addObservation(known?.observations ?? [], observation, policy);
        const paces = advanceChannelPaces(known?.paces ?? new Map(), measure, at, policy);
        guilds.set(guildId, { measure, observations, paces });
        next.set(guildId, {
          remainingPages: observation.remaining,
          backfilling: measure.remaining.size,
          etaSeconds: combineEtaSeconds(
            estimateEtaSeconds(observations, policy),
            largestChannelEtaSeconds(paces, measure, at, policy),
          ),
        });
      }
      estimates = next;
      return estimates;
    },
    current: () => estimates,
  };
  return tracker;
}

/** What a page shows of a guild's first count. */
export interface FirstCountSummary {
  backfilling: number;
  /** Share of the channels' combined lifetime counted (backfill-eta.ts backfillCoverage). */
  coverage: number | null;
  etaSeconds: number | null;
}

/** The estimates with each guild's coverage, from the backfilling and counted rows (store readCounted). Pure. */
export function summarizeFirstCount(
  estimates: ReadonlyMap<string, BackfillEstimate>,
  countedRows: readonly BackfillRow[],
): Map<string, FirstCountSummary> {
  const rowsByGuild = new Map<string, BackfillRow[]>();
  for (const row of countedRows) {
    const rows = rowsByGuild.get(row.guildId) ?? [];
    rows.push(row);
    rowsByGuild.set(row.guildId, rows);
  }
  return new Map(
    [...estimates].map(([guildId, estimate]) => [
      guildId,
      {
        backfilling: estimate.backfilling,
        coverage: backfillCoverage(rowsByGuild.get(guildId) ?? []),
        etaSeconds: estimate.etaSeconds,
      },
    ]),
  );
}
