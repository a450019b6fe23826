import { loadImage } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { utcDay } from "../../fake-discord/day-buckets.js";
import type { RecordedMessage } from "../../fake-discord/interactions.js";
import { timeFromSnowflake } from "../../fake-discord/snowflake.js";
import { World } from "../../fake-discord/world.js";
import { ANSWERS } from "../../src/bot/answers/index.js";
import { createStoreStatsHistory } from "../../src/bot/store-history.js";
import { addUtcDays, formatUtcDay } from "../../src/history/utc-days.js";
import { createBackfillReader } from "../../src/store/backfill-read.js";
import { createHistoryQueries } from "../../src/store/history-queries.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { sumSamples } from "../helpers/parse-metrics.js";
import { waitFor } from "../helpers/exporter-process.js";

const DAY = 86_400_000;
const now = Date.now();

/**
 * Discord's 3-s deadline for the interaction's first answer (here the deferral). How fast the final answer comes is a
 * speed goal (p99 ≤ 3 s), measured by `npm run bench -- --only bot`, not by a timed test.
 */
const DEADLINE_MS = 3000;

function buildWorld() {
  const world = new World({ seed: 1201 });
  const guild = world.addGuild({ name: "ボットの街", memberCount: 1200, presenceCount: 140, preferredLocale: "ja" });
  const chat = world.addChannel(guild.id, { name: "雑談", type: 0 }).id;
  const games = world.addChannel(guild.id, { name: "🎮ゲーム実況", type: 0 }).id;
  const recruit = world.addChannel(guild.id, { name: "ゲーム募集", type: 15 }).id;
  const secret = world.addChannel(guild.id, { name: "secret", type: 0, canReadHistory: false }).id;
  world.addMessages(chat, 2400, { fromMs: now - 200 * DAY, toMs: now - 60_000, botRatio: 0.15, authors: 40 });
  world.addMessages(games, 900, { fromMs: now - 90 * DAY, toMs: now - 60_000, botRatio: 0.05, authors: 25 });
  world.addMessages(secret, 50, { fromMs: now - 30 * DAY, toMs: now - 60_000 });
  const thread = world.addThread(chat, { name: "攻略スレ", type: 11, createdAtMs: now - 20 * DAY }).id;
  world.addMessages(thread, 300, { fromMs: now - 19 * DAY, toMs: now - 60_000, authors: 12 });
  for (let i = 0; i < 6; i++) {
    const post = world.addThread(recruit, { name: `募集 ${i}`, type: 11, createdAtMs: now - (10 - i) * DAY }).id;
    world.addMessages(post, 10 + i, { fromMs: now - (10 - i) * DAY + 1000, toMs: now - 60_000 });
  }
  const other = world.addGuild({ name: "Elsewhere", applicationCommandsScope: false });
  world.addChannel(other.id, { name: "general", type: 0 });
  return { world, guildId: guild.id, otherGuildId: other.id, ch: { chat, games, recruit, secret, thread } };
}

async function pngSize(reply: RecordedMessage) {
  const attachment = reply.attachments[0];
  expect(attachment?.contentType).toBe("image/png");
  const image = await loadImage(attachment!.data);
  return { width: image.width, height: image.height };
}

describe("the bot: /stats answers from the history, through a real discord.js Client and the fake gateway", () => {
  const w = buildWorld();
  let h: Harness;
  // Full garbage collections the exporter asked for: one after a chart's answer (gateway-features.ts).
  let collections = 0;
  const fire = (name: string, options: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
    h.fake.interactions.fire({ name, options, guildId: w.guildId, channelId: w.ch.chat, ...extra });
  // A different user per command, so the per-user cooldown never gets in the way of the test.
  let users = 0;
  const asNewUser = () => {
    const user = w.world.addUser(w.guildId, { username: `asker${users++}` });
    return { user: user.id };
  };

  beforeAll(async () => {
    h = await startHarness(
      w.world,
      [w.guildId, w.otherGuildId],
      { botEnabled: true },
      { gateway: { heartbeatIntervalMs: 500 } },
      { collectGarbage: () => void collections++ },
    );
    await h.settle();
    // Both guilds' registrations answered: /stats in one, the missing scope's warning for the other (which may come
    // second; under load it came after the first guild's, and the test below saw no warning yet).
    await waitFor("the gateway to be up, /stats registered and the other guild refused", () =>
      h.fake.commands(w.guildId).length > 0 && h.logs().some((line) => /applications\.commands scope/.test(line.msg))
        ? true
        : undefined,
    );
  });
  afterAll(async () => h?.close());

  it("registers /stats with Japanese localizations, and warns once about a guild without the commands scope", async () => {
    const [command] = h.fake.commands(w.guildId);
    expect(command?.name).toBe("stats");
    expect(command?.json.name_localizations).toEqual({ ja: "統計" });
    const subcommands = (command?.json.options ?? []) as {
      name: string;
      name_localizations?: Record<string, string>;
    }[];
    expect(subcommands.map((s) => s.name)).toEqual(["members", "channels", "activity", "summary"]);
    expect(subcommands.every((s) => s.name_localizations?.ja)).toBe(true);
    expect(h.fake.commands(w.otherGuildId)).toEqual([]);
    const warnings = h.logs().filter((line) => /applications\.commands scope/.test(line.msg));
    expect(warnings.map((line) => line.msg)).toEqual([
      `the bot may not add slash commands to guild ${w.otherGuildId}: it was invited without the applications.commands scope; open https://discord.com/oauth2/authorize?client_id=${w.world.botUser.id}&scope=bot%20applications.commands&permissions=1115136&guild_id=${w.otherGuildId} to grant it (counting goes on without the bot)`,
    ]);
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_exporter_gateway_up")).toBe(1);
  });

  it("/stats members: a public 1200x600 chart and a line whose numbers are the member samples'", async () => {
    const handle = fire("stats members", { days: "30" }, asNewUser());
    const reply = await handle.waitForReply();
    expect(reply.ephemeral).toBe(false);
    expect(await pngSize(reply)).toEqual({ width: 1200, height: 600 });
    const samples = h.store.sqlite
      .prepare("SELECT members, online FROM member_samples WHERE guild_id = ? ORDER BY sampled_at")
      .all(w.guildId) as { members: number; online: number }[];
    const last = samples.at(-1)!;
    expect(reply.content).toContain(`**${last.members.toLocaleString("en-US")}** members now`);
    expect(reply.content).toContain(`Peak online: **${Math.max(...samples.map((s) => s.online))}**`);
    // Deferred at once, within Discord's deadline, then answered by editing that original response.
    const callback = handle.events.find((e) => e.kind === "callback");
    expect(callback?.elapsedMs).toBeLessThan(DEADLINE_MS);
    expect(handle.callback()?.body).toMatchObject({ type: 5 });
    expect(handle.events.map((e) => e.kind)).toContain("editOriginal");
  });

  it("a chart's answer sent: a garbage collection releases its PNG's copies (gateway-features' wiring)", async () => {
    const before = collections;
    await fire("stats members", { days: "7" }, asNewUser()).waitForReply();
    await waitFor("a collection after the chart", () => (collections > before ? true : undefined));
  });

  it("answers in Japanese when the user's client is Japanese: text, and chart texts drawn in the PNG", async () => {
    const reply = await fire("stats members", {}, { ...asNewUser(), locale: "ja" }).waitForReply();
    expect(reply.content).toMatch(/^現在のメンバー数は \*\*1,200\*\* 人。過去30日間で/);
    expect(await pngSize(reply)).toEqual({ width: 1200, height: 600 });
  });

  it("/stats channels: the busiest channels (threads and forum posts under their parent), exactly", async () => {
    // The bot's own public replies are messages of the channel it answered in: count them in before the truth.
    await h.exporter.loop.syncNow();
    const truth = (id: string) => {
      const threads = w.world.threads(w.guildId).filter((t) => t.parentId === id);
      return [id, ...threads.map((t) => t.id)].reduce((sum, c) => sum + w.world.messageCount(c), 0);
    };
    const expected = [
      `1. **雑談**: ${truth(w.ch.chat).toLocaleString("en-US")} messages (${(
        w.world.messageCount(w.ch.chat, { bot: false }) + w.world.messageCount(w.ch.thread, { bot: false })
      ).toLocaleString(
        "en-US",
      )} from people, ${w.world.messageCount(w.ch.chat, { bot: true }) + w.world.messageCount(w.ch.thread, { bot: true })} from bots)`,
      `2. **🎮ゲーム実況**: ${truth(w.ch.games)} messages (${w.world.messageCount(w.ch.games, { bot: false })} from people, ${w.world.messageCount(w.ch.games, { bot: true })} from bots)`,
      `3. **ゲーム募集**: ${truth(w.ch.recruit)} messages (${truth(w.ch.recruit)} from people, 0 from bots)`,
    ];
    const reply = await fire("stats channels", { days: "365", limit: "3" }, asNewUser()).waitForReply();
    expect(await pngSize(reply)).toEqual({ width: 1200, height: 600 });
    // Every message is within the last year; the channel without Read Message History is left out.
    expect(reply.content.split("\n").slice(1)).toEqual(expected);
  });

  it("/stats activity: the chart is handed exactly the fake's messages and posters per day of the channel", async () => {
    await h.exporter.loop.syncNow();
    const history = createStoreStatsHistory({
      queries: createHistoryQueries(h.store),
      backfills: createBackfillReader(h.store),
      etaSeconds: () => null,
      voice: null,
    });
    const request = {
      subcommand: "activity" as const,
      days: 30,
      limit: 10,
      channelId: w.ch.chat,
      theme: "dark" as const,
    };
    const answer = ANSWERS.activity({ history, guildId: w.guildId, request, locale: "en", now: Date.now() });
    if (answer.kind !== "reply" || !answer.chart) throw new Error(`expected a chart, got ${JSON.stringify(answer)}`);
    const today = formatUtcDay(Date.now());
    const days = [...Array(30).keys()].map((i) => addUtcDays(today, i - 29));
    const truth = (bot: boolean) =>
      days.map((day) =>
        [w.ch.chat, w.ch.thread].reduce((sum, id) => {
          const counts = w.world.dailyCounts(id).get(day);
          return sum + (counts ? (bot ? counts.bot : counts.human) : 0);
        }, 0),
      );
    // Each message's UTC day once, from the fake's own snowflake rule (not the exporter's).
    const peopleByDay = new Map<string, Set<string>>();
    for (const id of [w.ch.chat, w.ch.thread]) {
      for (const message of w.world.readMessages(id, { mode: "newest", limit: 1_000_000 })) {
        if (message.author.bot) continue;
        const sent = utcDay(timeFromSnowflake(message.id));
        peopleByDay.set(sent, (peopleByDay.get(sent) ?? new Set()).add(message.author.id));
      }
    }
    const posters = days.map((day) => peopleByDay.get(day)?.size ?? 0);
    const [human, bot, active] = answer.chart.config.data.datasets;
    expect(answer.chart.config.data.labels).toHaveLength(30);
    expect(human?.data).toEqual(truth(false));
    expect(bot?.data).toEqual(truth(true));
    expect(active?.data).toEqual(posters);
  });

  it("/stats activity for one channel answers publicly with its numbers", async () => {
    const reply = await fire("stats activity", { days: "7", channel: w.ch.games }, asNewUser()).waitForReply();
    expect(await pngSize(reply)).toEqual({ width: 1200, height: 600 });
    expect(reply.content).toMatch(/messages in \*\*#🎮ゲーム実況\*\* in the last 7 days/);
  });

  it("/stats summary: an embed without a chart, its numbers the database's", async () => {
    const reply = await fire("stats summary", {}, asNewUser()).waitForReply();
    expect(reply.attachments).toEqual([]);
    const [embed] = reply.embeds as { title: string; fields: { name: string; value: string }[] }[];
    expect(embed?.title).toBe("ボットの街 statistics");
    const field = (name: string) => embed?.fields.find((f) => f.name === name)?.value;
    expect(field("Members")).toBe("1,200");
    expect(field("Online")).toBe("140");
    expect(field("History counted")).toBe("complete");
    const today = formatUtcDay(Date.now());
    const messages = (from: string) =>
      (
        h.store.sqlite
          .prepare(
            "SELECT coalesce(sum(total), 0) AS n FROM daily_guild_messages WHERE guild_id = ? AND day >= ? AND day <= ?",
          )
          .get(w.guildId, from, today) as { n: number }
      ).n;
    expect(field("Messages (today / 7 d / 30 d)")).toBe(
      [today, addUtcDays(today, -6), addUtcDays(today, -29)]
        .map((d) => messages(d).toLocaleString("en-US"))
        .join(" / "),
    );
    expect(field("Busiest channel, last 30 days")).toMatch(/^#雑談 \(/);
  });

  it("a channel the exporter has no record of: an ephemeral notice", async () => {
    const reply = await fire(
      "stats activity",
      { channel: "123456789012345678" },
      { ...asNewUser(), unchecked: true },
    ).waitForReply();
    expect(reply).toMatchObject({ ephemeral: true, content: "There is no record of that channel." });
  });

  it.each([
    [
      "days out of range (a bot must check what Discord's client checks)",
      "stats members",
      { days: "0" },
      /days must be a whole number from 1 to 3650/,
    ],
    ["a channel the bot cannot read", "stats activity", { channel: "" }, /cannot read that channel's history/],
  ])("%s: an ephemeral notice in the user's language", async (_what, name, options, message) => {
    const opts = { ...options } as Record<string, string>;
    if ("channel" in opts) opts.channel = w.ch.secret;
    const reply = await fire(name, opts, { ...asNewUser(), unchecked: true }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(message);
  });

  it("Japanese notices for Japanese users; a burst from one user gets the cooldown notice", async () => {
    const user = asNewUser();
    const first = fire("stats summary", {}, { ...user, locale: "ja" });
    await first.waitForReply();
    const second = await fire("stats summary", {}, { ...user, locale: "ja" }).waitForReply();
    expect(second.ephemeral).toBe(true);
    expect(second.content).toMatch(/^少し間を空けてください。\d+秒後にもう一度お試しください。$/);
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_exporter_bot_commands_total", { result: "cooldown" })).toBeGreaterThanOrEqual(
      1,
    );
    expect(sumSamples(samples, "discord_exporter_bot_commands_total", { result: "ok" })).toBeGreaterThanOrEqual(5);
  });

  it("a dropped gateway connection: the session resumes and the bot answers again; counts stay exact", async () => {
    const mark = h.fake.gateway.mark();
    h.fake.gateway.dropConnections();
    await h.fake.gateway.waitForResume({ since: mark });
    w.world.addMessagesNow(w.ch.games, 25);
    const reply = await fire("stats summary", {}, asNewUser()).waitForReply();
    expect(reply.embeds).toHaveLength(1);
    await h.exporter.loop.syncNow();
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: w.ch.games })).toBe(
      w.world.messageCount(w.ch.games),
    );
    expect(sumSamples(samples, "discord_exporter_gateway_up")).toBe(1);
  });
});

describe("the bot before the history is there", () => {
  const world = new World({ seed: 1202 });
  const guild = world.addGuild({ name: "Early", memberCount: 30, presenceCount: 3 });
  const big = world.addChannel(guild.id, { name: "big", type: 0 }).id;
  world.addMessages(big, 6000, { fromMs: now - 700 * DAY, toMs: now - 60_000 });
  let h: Harness;
  beforeAll(async () => {
    // The guild's counts arrive late and each page takes a while: the bot is asked before the first sync is done.
    h = await startHarness(
      world,
      [guild.id],
      { botEnabled: true },
      {
        gateway: { heartbeatIntervalMs: 500 },
        faults: { latencyMs: 1500, onlyPaths: new RegExp(`^/guilds/${guild.id}$`) },
      },
    );
    await waitFor("/stats registered", () => (h.fake.commands(guild.id).length > 0 ? true : undefined));
  });
  afterAll(async () => h?.close());

  it("no member samples yet: a friendly ephemeral notice", async () => {
    const user = world.addUser(guild.id, { username: "early-bird" }).id;
    const reply = await h.fake.interactions.fire({ name: "stats members", guildId: guild.id, user }).waitForReply();
    expect(reply).toMatchObject({
      ephemeral: true,
      content: "No member counts recorded yet: wait for the exporter's first sync.",
    });
  });

  it("history still being counted: says how far, in the user's language", async () => {
    h.fake.setFaults({ latencyMs: 40, onlyPaths: /\/messages$/ });
    await waitFor("the backfill to be under way", () => {
      const row = h.store.sqlite.prepare("SELECT backfill_before_id AS b FROM channels WHERE id = ?").get(big) as
        | { b: string | null }
        | undefined;
      return row?.b ? true : undefined;
    });
    const reply = await h.fake.interactions
      .fire({
        name: "stats activity",
        options: { days: "365" },
        guildId: guild.id,
        locale: "ja",
        user: world.addUser(guild.id).id,
      })
      .waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/^この期間の履歴はまだ集計中です（全体の \d+(\.\d)?% 完了/);
    h.fake.setFaults({});
  });
});

describe("gateway refusals never stop counting", () => {
  const world = new World({ seed: 1203 });
  const guild = world.addGuild({ name: "Refused", memberCount: 10, presenceCount: 1 });
  const channel = world.addChannel(guild.id, { name: "general", type: 0 }).id;
  world.addMessages(channel, 420, { fromMs: now - 30 * DAY, toMs: now - 60_000 });
  let h: Harness;
  afterAll(async () => h?.close());

  it("4014: MEMBER_EVENTS without the portal switch is one clear line; the REST counter counts exactly", async () => {
    h = await startHarness(
      world,
      [guild.id],
      { memberEvents: true },
      { gateway: { heartbeatIntervalMs: 500, privilegedIntents: { guildMembers: false } } },
    );
    await waitFor("the refusal to be logged", () =>
      h.logs().some((line) => /4014 Disallowed intent/.test(line.msg)) ? true : undefined,
    );
    const refusals = h.logs().filter((line) => /4014/.test(line.msg));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.msg).toMatch(/Server Members Intent .* or set MEMBER_EVENTS=false; counting goes on over REST/);
    await h.settle();
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: channel })).toBe(420);
    expect(sumSamples(samples, "discord_exporter_gateway_up")).toBe(0);
  });
});
