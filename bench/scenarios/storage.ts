/**
 * 5. Storage: database size (file + WAL, then after a TRUNCATE checkpoint) per million messages counted and per
 * channel-year of daily history.
 */
import path from "node:path";
import type { World } from "../../fake-discord/index.js";
import { checkpoint, dbSize, tableSizes, type TableSize } from "../lib/db.js";
import { startBenchFake } from "../lib/fake.js";
import { fixed, int, kib, mib } from "../lib/format.js";
import { describeIssueTarget, STORAGE_TARGET_PER_MILLION } from "../lib/issue-units.js";
import { settle, startInProcess, UNTHROTTLED_REST } from "../lib/inproc.js";
import type { Figure, Scenario, ScenarioContext, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, DEFAULT_AUTHORS, skewedCounts, YEAR_MS } from "../lib/worlds.js";

// The dense guild is the issue's bench guild (200 text channels, 1,000,000 messages, the largest 300,000), on which
// its target of 40 MB per million messages is set.
const FULL = {
  dense: { channels: 200, total: 1_000_000, huge: 1, hugeSize: 300_000, years: 3 },
  history: { channels: 200, years: 5, perChannelDay: 3 },
};
const QUICK = {
  dense: { channels: 50, total: 50_000, huge: 1, hugeSize: 15_000, years: 3 },
  history: { channels: 20, years: 1, perChannelDay: 3 },
};

interface Counted {
  messages: number;
  liveBytes: number;
  liveWalBytes: number;
  checkpointedBytes: number;
  tables: TableSize[];
}

async function countInto(world: World, guildId: string, messages: number, file: string): Promise<Counted> {
  const fake = await startBenchFake(world, false);
  const running = await startInProcess({
    apiUrl: fake.url,
    databasePath: file,
    guildIds: [guildId],
    concurrency: 10,
    rest: UNTHROTTLED_REST,
  });
  await settle(running.exporter);
  const live = dbSize(file);
  await running.stop();
  const after = checkpoint(file);
  running.store.close();
  await fake.close();
  return {
    messages,
    liveBytes: live.totalBytes,
    liveWalBytes: live.walBytes,
    checkpointedBytes: after.totalBytes,
    tables: tableSizes(file),
  };
}

function bytesOf(tables: readonly TableSize[], names: readonly string[]): number {
  return tables.filter((t) => names.includes(t.name)).reduce((sum, t) => sum + t.bytes, 0);
}

function rowsOf(tables: readonly TableSize[], name: string): number {
  return tables.find((t) => t.name === name)?.rows ?? 0;
}

// WITHOUT ROWID tables (migrations/0004, 0006): the key is the table, no separate index to add.
const DAILY_MESSAGES = ["daily_messages"];
const DAILY_AUTHORS = ["daily_authors"];

function breakdown(tables: readonly TableSize[]): string {
  return tables
    .filter((t) => t.bytes >= 64 * 1024)
    .map((t) => `${t.name} ${mib(t.bytes)}${t.rows >= 0 ? ` (${int(t.rows)} rows)` : ""}`)
    .join(", ");
}

export const scenario: Scenario = {
  name: "storage",
  title: "5. Storage",
  async run(ctx: ScenarioContext): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;

    const denseWorld = createWorld(5);
    const denseCounts = skewedCounts(size.dense.total, size.dense.channels, size.dense.huge, size.dense.hugeSize);
    const dense = addGuild(denseWorld, {
      name: "dense",
      channelMessages: denseCounts,
      historyMs: size.dense.years * YEAR_MS,
    });
    ctx.log(
      `counting ${int(dense.totalMessages)} messages (${size.dense.channels} channels, ${size.dense.years} years)`,
    );
    const denseResult = await countInto(
      denseWorld,
      dense.guildId,
      dense.totalMessages,
      path.join(ctx.tmpDir, "dense.db"),
    );

    const historyWorld = createWorld(6);
    const perChannel = Math.round(size.history.perChannelDay * 365 * size.history.years);
    const history = addGuild(historyWorld, {
      name: "history",
      channelMessages: Array.from({ length: size.history.channels }, () => perChannel),
      historyMs: size.history.years * YEAR_MS,
    });
    ctx.log(
      `counting ${int(history.totalMessages)} messages (${size.history.channels} channels × ${size.history.years} years)`,
    );
    const historyResult = await countInto(
      historyWorld,
      history.guildId,
      history.totalMessages,
      path.join(ctx.tmpDir, "history.db"),
    );

    const perMillion = (denseResult.checkpointedBytes / denseResult.messages) * 1_000_000;
    const channelYears = size.history.channels * size.history.years;
    const dmRows = rowsOf(historyResult.tables, "daily_messages");
    const daRows = rowsOf(historyResult.tables, "daily_authors");
    const dmPerRow = bytesOf(historyResult.tables, DAILY_MESSAGES) / Math.max(1, dmRows);
    const daPerRow = bytesOf(historyResult.tables, DAILY_AUTHORS) / Math.max(1, daRows);
    const daDense = bytesOf(denseResult.tables, DAILY_AUTHORS);

    const figures: Figure[] = [
      {
        label: `per million messages (${size.dense.channels} channels, ${size.dense.years} years, up to ${DEFAULT_AUTHORS} authors)`,
        value: mib(perMillion),
        target: describeIssueTarget(STORAGE_TARGET_PER_MILLION),
        met: perMillion <= STORAGE_TARGET_PER_MILLION.bytes,
        goal: "storage",
        note: `${mib(denseResult.checkpointedBytes)} for ${int(denseResult.messages)} after the checkpoint (live: ${mib(denseResult.liveBytes)} incl. WAL ${mib(denseResult.liveWalBytes)}); daily_authors (table and indexes): ${fixed((daDense / denseResult.checkpointedBytes) * 100, 0)} %`,
      },
      {
        label: `per channel-year of daily history (${size.history.channels} channels × ${size.history.years} years, ~${size.history.perChannelDay} messages per channel-day)`,
        value: kib(historyResult.checkpointedBytes / channelYears),
        note: `${mib(historyResult.checkpointedBytes)} for ${int(channelYears)} channel-years, ${int(historyResult.messages)} messages (live: ${mib(historyResult.liveBytes)} incl. WAL ${mib(historyResult.liveWalBytes)})`,
      },
      {
        label: "cost per stored row (table + its indexes)",
        value: `daily_messages ${fixed(dmPerRow, 0)} B, daily_authors ${fixed(daPerRow, 0)} B`,
        note: `a channel with messages every day: ${kib(dmPerRow * 365)} per year in daily_messages, plus ${kib(daPerRow * 365)} per year per daily active author`,
      },
    ];
    return {
      setup: [
        "counted in-process against the fake without rate limits (storage does not depend on them); sizes from the file system, tables from SQLite's dbstat",
        `dense: ${size.dense.channels} text channels, ${int(dense.totalMessages)} messages over ${size.dense.years} years (${size.dense.huge} of ${int(size.dense.hugeSize)}, the rest a long tail; the issue's guild at full size), ${DEFAULT_AUTHORS} human authors (skewed) and 10 % bot messages`,
        `history: ${size.history.channels} text channels × ${size.history.years} years, ${int(perChannel)} messages each spread uniformly (~${size.history.perChannelDay} a day)`,
      ],
      figures,
      details: [
        `Tables, dense: ${breakdown(denseResult.tables)}.`,
        `Tables, history: ${breakdown(historyResult.tables)}.`,
      ],
    };
  },
};
