// The exported file through the real promtool: create-blocks-from must accept it, and the TSDB it builds must hold
// exactly the series and values computed here from the generated messages.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenMetricsHistory } from "../../src/history/build-openmetrics.js";
import { readHistoryInput } from "../../src/history/read-history.js";
import {
  DAY_MS,
  type Fixture,
  G1,
  VOICE_FIRST_DAY,
  buildHistoryFixture,
  dayToMs,
  eachDay,
  labelKey,
  msToDay,
  readLiveSamples,
} from "./fixture.js";
import { type ParsedSample, parseDumpSamples } from "./parse-samples.js";
import { isCI } from "../helpers/ci.js";
import { runSmall } from "../helpers/small-spawn.js";

const SINCE = "2024-02-01";
// Two days past the last message: the totals stay flat, active members fall.
const UNTIL = "2024-03-05";
const THREAD_TYPES = new Set([10, 11, 12]);
// The attribution rule (src/store/message-attribution.ts): excluded threads count nowhere, deleted ones still count.
const NOT_COUNTED = new Set(["excluded"]);

const promtoolFound = spawnSync("promtool", ["--version"], { encoding: "utf8" }).status === 0;
const inCi = isCI();
if (!promtoolFound && !inCi) {
  console.warn(
    "test/history/promtool.test.ts: SKIPPED, promtool is not installed (apt-get install -y prometheus); CI fails instead",
  );
}

describe.runIf(inCi)("promtool in CI", () => {
  it("is installed (Debian package prometheus): CI must not skip the backfill tests", () => {
    expect(promtoolFound).toBe(true);
  });
});

async function run(args: string[]) {
  const result = await runSmall("promtool", args);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const endOfDay = (day: string) => dayToMs(day) + DAY_MS - 1000;
// Prometheus stores no empty label (category="" is no category label), from a scrape or from a backfill alike.
const stored = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).filter(([, value]) => value !== ""));
const flatten = (samples: readonly ParsedSample[]) =>
  samples.map((s) => `${s.name} ${labelKey(stored(s.labels))} @${s.ms} = ${s.value}`).sort();

describe.skipIf(!promtoolFound && !inCi)("history backfill with the real promtool", () => {
  let fx: Fixture;
  let blocks: string;
  // The whole TSDB, dumped once: one promtool run instead of one per metric (each opens every block again).
  let everything: ParsedSample[];
  beforeAll(async () => {
    if (!promtoolFound)
      throw new Error(
        "promtool is not installed: CI needs the Debian package prometheus (apt-get install -y prometheus)",
      );
    fx = buildHistoryFixture();
    const file = path.join(fx.dir, "history.om");
    fs.writeFileSync(
      file,
      buildOpenMetricsHistory(readHistoryInput(fx.store, { since: SINCE, until: UNTIL, exportChannelNames: true })),
    );
    blocks = path.join(fx.dir, "blocks");
    // The command of docs/history.md.
    const created = await run(["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=720h", file, blocks]);
    expect(created.stderr).toBe("");
    expect(created.status).toBe(0);
    // promtool 2.42's dump opens the directory as a TSDB and wants a WAL directory, even an empty one.
    fs.mkdirSync(path.join(blocks, "wal"), { recursive: true });
    const dumped = await run(["tsdb", "dump", blocks]);
    expect(dumped.status, dumped.stderr).toBe(0);
    everything = parseDumpSamples(dumped.stdout);
  });
  afterAll(() => fx?.cleanup());

  const dump = (metric: string): ParsedSample[] => everything.filter((sample) => sample.name === metric);

  const channelOf = (id: string) => fx.channels.find((c) => c.id === id)!;

  it("holds discord_channel_messages as cumulative end-of-day totals under the live label sets", async () => {
    const live = await readLiveSamples(fx.store, "discord_channel_messages", true);
    const expected: ParsedSample[] = [];
    for (const { labels } of live) {
      const channel = channelOf(labels.channel_id!);
      const counted = fx.messages.filter((m) => {
        if (m.bot !== (labels.author === "bot")) return false;
        const from = channelOf(m.channelId);
        if (labels.source === "channel") return from.id === channel.id;
        return THREAD_TYPES.has(from.type) && from.parentId === channel.id && !NOT_COUNTED.has(from.state);
      });
      const first = channel.createdDay > SINCE ? channel.createdDay : SINCE;
      for (const day of eachDay(first, UNTIL)) {
        expected.push({
          name: "discord_channel_messages",
          labels,
          ms: endOfDay(day),
          value: counted.filter((m) => m.day <= day).length,
        });
      }
    }
    const actual = dump("discord_channel_messages");
    expect(flatten(actual)).toEqual(flatten(expected));
    // What the data is about: a channel created after SINCE starts then; thread sums are in; 17:59:59 is never used.
    expect(actual.find((s) => s.labels.channel === "late")!.ms).toBe(endOfDay("2024-02-15"));
    expect(actual.some((s) => s.labels.channel === "help-forum" && s.labels.source === "threads" && s.value > 0)).toBe(
      true,
    );
    expect(actual.some((s) => s.labels.category === 'Text "Channels"')).toBe(true);
    expect(actual.some((s) => s.labels.channel === "voice \\ chat")).toBe(true);
  });

  it("holds the member samples at their own times, names escaped and back", () => {
    const from = dayToMs(SINCE);
    const to = endOfDay(UNTIL) + 999;
    for (const [metric, field] of [
      ["discord_guild_members", "members"],
      ["discord_guild_members_online", "online"],
    ] as const) {
      const expected = fx.samples
        .filter((s) => s.sampledAt >= from && s.sampledAt <= to)
        .map((s) => ({
          name: metric,
          labels: { guild_id: s.guildId, guild: fx.guilds.find((g) => g.id === s.guildId)!.name },
          ms: s.sampledAt,
          value: s[field],
        }));
      const actual = dump(metric);
      expect(flatten(actual)).toEqual(flatten(expected));
      expect(actual.some((s) => s.ms % 1000 === 250 && s.labels.guild === 'Guild "One" \\ test')).toBe(true);
    }
  });

  it("holds discord_active_members for every day of each window", () => {
    const expected: ParsedSample[] = [];
    for (const guild of fx.guilds) {
      const counted = fx.messages.filter((m) => {
        const channel = channelOf(m.channelId);
        return channel.guildId === guild.id && channel.state !== "excluded";
      });
      const firstMessageDay = counted.map((m) => m.day).sort()[0]!;
      const first = firstMessageDay > SINCE ? firstMessageDay : SINCE;
      for (const [window, days] of [
        ["1d", 1],
        ["7d", 7],
        ["30d", 30],
      ] as const) {
        for (const day of eachDay(first, UNTIL)) {
          const start = msToDay(dayToMs(day) - (days - 1) * DAY_MS);
          const authors = new Set(
            counted.filter((m) => !m.bot && m.day >= start && m.day <= day).map((m) => m.authorId),
          );
          expected.push({
            name: "discord_active_members",
            labels: { guild_id: guild.id, window },
            ms: endOfDay(day),
            value: authors.size,
          });
        }
      }
    }
    const actual = dump("discord_active_members");
    expect(flatten(actual)).toEqual(flatten(expected));
    expect(actual.find((s) => s.labels.window === "1d" && s.ms === endOfDay(UNTIL))!.value).toBe(0);
  });

  const later = (a: string, b: string) => (a > b ? a : b);
  const VOICE_TYPES = new Set([2, 13]);

  it("holds discord_voice_seconds_total as cumulative end-of-day seconds of the live voice channels, from the day recording began", () => {
    const live = fx.channels.filter(
      (c) => VOICE_TYPES.has(c.type) && c.guildId === G1 && c.state !== "deleted" && c.state !== "excluded",
    );
    const expected: ParsedSample[] = [];
    for (const channel of live) {
      for (const bot of [false, true]) {
        const mine = fx.voice.filter((v) => v.channelId === channel.id && v.bot === bot);
        for (const day of eachDay(later(later(SINCE, VOICE_FIRST_DAY), channel.createdDay), UNTIL)) {
          expected.push({
            name: "discord_voice_seconds_total",
            labels: { guild_id: G1, channel_id: channel.id, channel: channel.name, author: bot ? "bot" : "human" },
            ms: endOfDay(day),
            value: mine.filter((v) => v.day <= day).reduce((sum, v) => sum + v.ms, 0) / 1000,
          });
        }
      }
    }
    const actual = dump("discord_voice_seconds_total");
    expect(flatten(actual)).toEqual(flatten(expected));
    // Before VOICE_ACTIVITY (G1's first voice record) nothing; the stage from its creation; G2 never recorded voice.
    const starts = new Map<string, number>();
    for (const sample of actual)
      starts.set(sample.labels.channel!, Math.min(starts.get(sample.labels.channel!) ?? Infinity, sample.ms));
    expect(Object.fromEntries(starts)).toEqual({
      "voice \\ chat": endOfDay(VOICE_FIRST_DAY),
      "town hall": endOfDay("2024-02-12"),
    });
    expect(actual.some((s) => s.value % 1 !== 0 && Math.round(s.value * 1000) % 10 !== 0)).toBe(true);
  });

  it("holds discord_voice_active_members for every day of each window (deleted channels count, excluded ones never)", () => {
    const counted = fx.voice.filter((v) => !v.bot && channelOf(v.channelId).state !== "excluded");
    const expected: ParsedSample[] = [];
    for (const [window, days] of [
      ["1d", 1],
      ["7d", 7],
      ["30d", 30],
    ] as const) {
      for (const day of eachDay(later(SINCE, VOICE_FIRST_DAY), UNTIL)) {
        const start = msToDay(dayToMs(day) - (days - 1) * DAY_MS);
        const people = new Set(counted.filter((v) => v.day >= start && v.day <= day).map((v) => v.userId));
        expected.push({
          name: "discord_voice_active_members",
          labels: { guild_id: G1, window },
          ms: endOfDay(day),
          value: people.size,
        });
      }
    }
    const actual = dump("discord_voice_active_members");
    expect(flatten(actual)).toEqual(flatten(expected));
    expect(actual.find((s) => s.labels.window === "30d" && s.ms === endOfDay(UNTIL))!.value).toBeGreaterThan(3);
  });

  it("holds discord_guild_member_joins_total and _leaves_total cumulative per day from the first recorded day", () => {
    const first = fx.memberEvents.map((e) => e.day).sort()[0]!;
    for (const [metric, kind] of [
      ["discord_guild_member_joins_total", "join"],
      ["discord_guild_member_leaves_total", "leave"],
    ] as const) {
      const expected = eachDay(later(SINCE, first), UNTIL).map((day) => ({
        name: metric,
        labels: { guild_id: G1 },
        ms: endOfDay(day),
        value: fx.memberEvents.filter((e) => e.kind === kind && e.day <= day).length,
      }));
      expect(flatten(dump(metric))).toEqual(flatten(expected));
    }
    expect(fx.memberEvents.some((e) => e.bot)).toBe(true);
  });
});
