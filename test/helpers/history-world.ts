/**
 * A guild with every kind of history the dashboard must get right, counted by the real exporter against the fake
 * Discord: text, announcement, voice and forum channels, public, private and announcement threads, forum posts,
 * bots, an excluded channel with a thread, a channel the bot never could see, and, after the first count, one
 * channel deleted, one forbidden and one unreadable (their counted history stays). A second guild checks that
 * guilds never mix. Three member samples at known times. The truth is taken from the fake before the changes.
 */
import { World } from "../../fake-discord/world.js";
import type { Config } from "../../src/config/index.js";
import { type Harness, startHarness } from "./exporter-harness.js";
import { mergeTruths, snapshotTruth, type Truth } from "./history-truth.js";

export const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The exporter's clock at the last sync: a Monday noon UTC. */
export const NOW = Date.UTC(2026, 2, 16, 12, 0, 0);
export const TODAY = "2026-03-16";

export interface HistoryWorld {
  h: Harness;
  world: World;
  truth: Truth;
  guildId: string;
  otherGuildId: string;
  ids: Record<
    | "general"
    | "event"
    | "mods"
    | "news"
    | "newsThread"
    | "help"
    | "lounge"
    | "secret"
    | "vip"
    | "quiet"
    | "old"
    | "never"
    | "category"
    | "lobby",
    string
  >;
  /** The member samples the exporter took, as the fake reported them and at the exporter's clock. */
  samples: { at: number; members: number; online: number }[];
  /** Channels whose current state keeps them out of the top list. */
  unranked: ReadonlySet<string>;
}

export async function startHistoryWorld(
  overrides: Partial<Config> = {},
  options: { guildName?: string } = {},
): Promise<HistoryWorld> {
  let now = NOW - 2 * HOUR;
  const world = new World({ seed: 3160, now: () => now });
  const end = NOW - 3 * HOUR;
  const guild = world.addGuild({
    id: "1200000000000000001",
    name: options.guildName ?? "原神 日本 🎮",
    memberCount: 1200,
    presenceCount: 150,
  });
  const category = world.addChannel(guild.id, { name: "コミュニティ", type: 4 });
  const text = (name: string, extra: { canView?: boolean } = {}) =>
    world.addChannel(guild.id, { name, type: 0, parentId: category.id, ...extra }).id;
  const general = text("雑談 general");
  const news = world.addChannel(guild.id, { name: "お知らせ", type: 5 }).id;
  const help = world.addChannel(guild.id, { name: "質問 help", type: 15, parentId: category.id }).id;
  const lounge = world.addChannel(guild.id, { name: "Lounge", type: 2 }).id;
  const secret = text("secret");
  const vip = text("vip");
  const quiet = text("quiet");
  const old = text("old");
  const never = text("never", { canView: false });

  const span = (days: number, to = end) => ({ fromMs: to - days * DAY, toMs: to });
  world.addMessages(general, 900, { ...span(120), botRatio: 0.2, authors: 40 });
  const event = world.addThread(general, { name: "イベント", type: 11, createdAtMs: end - 60 * DAY }).id;
  world.addMessages(event, 80, { ...span(59), authors: 12 });
  const mods = world.addThread(general, { name: "mods", type: 12, createdAtMs: end - 30 * DAY }).id;
  world.addMessages(mods, 30, { ...span(29), authors: 3 });
  world.addMessages(news, 200, { ...span(100), botRatio: 0.6, authors: 5 });
  const newsThread = world.addThread(news, { name: "news talk", type: 10, createdAtMs: end - 40 * DAY }).id;
  world.addMessages(newsThread, 20, { ...span(39), authors: 8 });
  for (let i = 0; i < 3; i++) {
    const post = world.addThread(help, { name: `post ${i}`, type: 11, createdAtMs: end - (50 - i * 10) * DAY }).id;
    world.addMessages(post, 10 + 10 * i, { ...span(45 - i * 10), authors: 6, botRatio: 0.1 });
  }
  world.addMessages(lounge, 50, { ...span(20), authors: 7 });
  world.addMessages(secret, 100, { ...span(90), authors: 9 });
  const secretThread = world.addThread(secret, { name: "secret thread", type: 11, createdAtMs: end - 20 * DAY }).id;
  world.addMessages(secretThread, 20, { ...span(19), authors: 4 });
  world.addMessages(vip, 150, { ...span(80), authors: 10 });
  world.addMessages(quiet, 120, { ...span(70), authors: 6 });
  world.addMessages(old, 300, { ...span(110, end - 30 * DAY), authors: 25, botRatio: 0.05 });
  world.addMessages(never, 40, { ...span(10), authors: 4 });

  const other = world.addGuild({ id: "1200000000000000002", name: "Other", memberCount: 30, presenceCount: 3 });
  const lobby = world.addChannel(other.id, { name: "lobby", type: 0 }).id;
  world.addMessages(lobby, 100, { ...span(50), authors: 5 });

  const h = await startHarness(
    world,
    [guild.id, other.id],
    { excludedChannels: ["secret"], ...overrides },
    {},
    { clock: () => now },
  );
  const samples: HistoryWorld["samples"] = [];
  const note = () => {
    samples.push({ at: now, members: guild.memberCount, online: guild.presenceCount });
  };
  await h.settle();
  note();
  const truth = mergeTruths(snapshotTruth(world, guild.id, new Set([secret, never])), snapshotTruth(world, other.id));

  // After the first count: the history of these three stays, whatever happens to them.
  world.deleteChannel(old);
  world.setPermissions(vip, { canView: false });
  world.setPermissions(quiet, { canReadHistory: false });
  world.addMessage(quiet, { atMs: NOW - 90 * 60_000 });
  now = NOW - HOUR;
  world.setMemberCounts(guild.id, 1210, 170);
  await h.exporter.loop.syncNow();
  note();
  now = NOW;
  world.setMemberCounts(guild.id, 1225, 140);
  await h.exporter.loop.syncNow();
  await h.exporter.loop.backfills.idle();
  note();

  const states = new Map(
    (h.store.sqlite.prepare("SELECT id, state FROM channels").all() as { id: string; state: string }[]).map((r) => [
      r.id,
      r.state,
    ]),
  );
  const expected: [string, string][] = [
    [old, "deleted"],
    [vip, "forbidden"],
    [quiet, "unreadable"],
    [secret, "excluded"],
    [secretThread, "excluded"],
    [general, "ready"],
  ];
  for (const [id, state] of expected) {
    if (states.get(id) !== state) throw new Error(`history world: ${id} is ${states.get(id)}, expected ${state}`);
  }
  return {
    h,
    world,
    truth,
    guildId: guild.id,
    otherGuildId: other.id,
    ids: {
      general,
      event,
      mods,
      news,
      newsThread,
      help,
      lounge,
      secret,
      vip,
      quiet,
      old,
      never,
      category: category.id,
      lobby,
    },
    samples,
    unranked: new Set([vip, quiet, secret]),
  };
}
