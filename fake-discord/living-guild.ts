/**
 * "Demo Community": a realistic guild for `npm run demo` and manual testing, with every shape an exporter
 * meets (categories, text, announcement, voice chat, a forum, threads, an invisible channel, one without
 * read history), ~3 years of history, a month of member joins and leaves, people in voice, and live activity:
 * messages, voice comings and goings, members joining and leaving.
 */

import { mulberry32, pick, randomInt, type Rng } from "./rng.js";
import { snowflakeBigFromTime, timeFromSnowflake } from "./snowflake.js";
import { World } from "./world.js";
import { MESSAGE_CHANNEL_TYPES } from "./world-types.js";

export interface DemoChannelIds {
  categories: { information: string; community: string; staff: string };
  announcements: string;
  rules: string;
  general: string;
  offTopic: string;
  helpForum: string;
  lounge: string;
  townHall: string;
  /** The bot cannot view it (absent from GET /guilds/{id}/channels, 403 on its routes). */
  modChat: string;
  /** Visible, but without READ_MESSAGE_HISTORY: GET messages answers 200 []. */
  modLog: string;
  threads: {
    /** Active public thread started from a #general message (same id as that message). */
    eventPlanning: string;
    /** Active private thread in #general, the bot is a member. */
    secretSanta: string;
    /** Archived public thread in #off-topic. */
    oldDebate: string;
    /** Forum posts (threads of type 11); the first two are archived. */
    forumPosts: string[];
  };
}

export interface DemoWorld {
  world: World;
  guildId: string;
  channels: DemoChannelIds;
}

const DAY = 86_400_000;

/** Builds the demo guild. Same seed and clock → same world (ids derive from the clock's now). */
/** Fixed, so the docker compose demo profile can name it in DISCORD_GUILD_ID. */
export const DEMO_GUILD_ID = "1100000000000000001";

export function createDemoWorld(seed = 1, options: { now?: () => number; guildId?: string } = {}): DemoWorld {
  const world = new World({ seed, now: options.now });
  const now = world.now();
  const start = now - 3 * 365 * DAY;
  const guild = world.addGuild({
    id: options.guildId ?? DEMO_GUILD_ID,
    name: "Demo Community",
    memberCount: 1234,
    presenceCount: 321,
  });
  for (const name of ["Carl-bot", "MEE6", "Dyno"]) world.addUser(guild.id, { username: name, bot: true });

  const category = (name: string) => world.addChannel(guild.id, { name, type: 4 }).id;
  const categories = {
    information: category("Information"),
    community: category("Community"),
    staff: category("Staff"),
  };
  const text = (name: string, parentId: string, extra: { canView?: boolean; canReadHistory?: boolean } = {}) =>
    world.addChannel(guild.id, { name, type: 0, parentId, ...extra }).id;

  const announcements = world.addChannel(guild.id, {
    name: "announcements",
    type: 5,
    parentId: categories.information,
  }).id;
  const rules = text("rules", categories.information);
  const general = text("general", categories.community);
  const offTopic = text("off-topic", categories.community);
  const helpForum = world.addChannel(guild.id, { name: "help", type: 15, parentId: categories.community }).id;
  const lounge = world.addChannel(guild.id, { name: "Lounge", type: 2, parentId: categories.community }).id;
  const townHall = world.addChannel(guild.id, { name: "Town Hall", type: 13, parentId: categories.community }).id;
  const modChat = text("mod-chat", categories.staff, { canView: false });
  const modLog = text("mod-log", categories.staff, { canReadHistory: false });

  world.addMessages(rules, 5, { fromMs: start, toMs: start + 7 * DAY, authors: 1 });
  world.addMessages(announcements, 60, { fromMs: start, toMs: now, authors: 3, botRatio: 0.5 });
  world.addMessages(general, 2500, { fromMs: start, toMs: now, authors: 40, botRatio: 0.1 });
  world.addMessages(offTopic, 800, { fromMs: start + 30 * DAY, toMs: now, authors: 25, botRatio: 0.05 });
  world.addMessages(lounge, 150, { fromMs: now - 365 * DAY, toMs: now, authors: 15 });
  world.addMessages(townHall, 40, { fromMs: now - 200 * DAY, toMs: now - 10 * DAY, authors: 20 });
  world.addMessages(modChat, 300, { fromMs: start, toMs: now, authors: 4 });
  world.addMessages(modLog, 400, { fromMs: start, toMs: now, authors: 4, botRatio: 0.9 });

  // A thread started from a #general message two months ago: it takes that message's id.
  const [pivotMessage] = world.readMessages(general, {
    mode: "before",
    id: snowflakeBigFromTime(now - 60 * DAY),
    limit: 1,
  });
  const pivot = pivotMessage?.id ?? world.messageIds(general)[0] ?? "";
  const eventPlanning = world.addThread(general, { name: "event-planning", type: 11, fromMessageId: pivot }).id;
  world.addMessages(eventPlanning, 120, { fromMs: timeFromSnowflake(pivot), toMs: now, authors: 12 });

  const secretSanta = world.addThread(general, { name: "secret-santa", type: 12, createdAtMs: now - 40 * DAY }).id;
  world.addMessages(secretSanta, 30, { fromMs: now - 40 * DAY, toMs: now - DAY, authors: 6 });

  const debateStart = now - 400 * DAY;
  const oldDebate = world.addThread(offTopic, { name: "tabs-vs-spaces", type: 11, createdAtMs: debateStart }).id;
  world.addMessages(oldDebate, 80, { fromMs: debateStart, toMs: debateStart + 20 * DAY, authors: 10 });
  world.archiveThread(oldDebate, debateStart + 21 * DAY);

  const forumPosts: string[] = [];
  const titles = ["How do I start?", "Bot not responding", "Export to CSV?", "Dark mode", "Best practices"];
  titles.forEach((title, i) => {
    const createdAtMs = now - (500 - i * 110) * DAY;
    const post = world.addThread(helpForum, { name: title, type: 11, createdAtMs }).id;
    world.addMessages(post, 5 + i * 8, {
      fromMs: createdAtMs,
      toMs: Math.min(now, createdAtMs + 14 * DAY),
      authors: 8,
    });
    if (i < 2) world.archiveThread(post, createdAtMs + 15 * DAY);
    forumPosts.push(post);
  });

  // Added last, so the message history above stays what it was before voice and members existed.
  addMemberHistory(world, guild.id, now);
  world.setMemberCounts(guild.id, 1234, 321);
  // Two people and a music bot already in the lounge: GUILD_CREATE's voice_states.
  const musicBot = world.addUser(guild.id, { username: "Jockie Music", bot: true });
  const [first, second] = world.guildHumans(guild.id).slice(1, 3);
  if (first !== undefined) world.joinVoice(lounge, first, { atMs: now - 25 * 60_000 });
  if (second !== undefined) world.joinVoice(lounge, second, { atMs: now - 12 * 60_000, selfMute: true });
  world.joinVoice(lounge, musicBot.id, { atMs: now - 20 * 60_000 });

  return {
    world,
    guildId: guild.id,
    channels: {
      categories,
      announcements,
      rules,
      general,
      offTopic,
      helpForum,
      lounge,
      townHall,
      modChat,
      modLog,
      threads: { eventPlanning, secretSanta, oldDebate, forumPosts },
    },
  };
}

/** Back-dated joins and leaves over the last 30 days (ground truth only: history dispatches nothing). */
function addMemberHistory(world: World, guildId: string, now: number): void {
  const rng = mulberry32(world.seed + 7);
  const joined: string[] = [];
  for (let day = 30; day >= 1; day--) {
    for (let n = randomInt(rng, 4); n > 0; n--) {
      const at = now - day * DAY + randomInt(rng, DAY - 1);
      joined.push(world.joinMember(guildId, { atMs: at }).id);
    }
    if (joined.length > 3 && rng() < 0.4) {
      const leaver = joined.splice(randomInt(rng, joined.length), 1)[0];
      if (leaver !== undefined) world.leaveMember(guildId, leaver, { atMs: now - day * DAY + DAY - 1 });
    }
  }
}

export interface LivingActivityOptions {
  /** Default 2000. */
  intervalMs?: number;
  /** Default a PRNG seeded from the world's seed. */
  rng?: Rng;
  /** Only this guild; default every guild the world has. */
  guildId?: string;
  /** Up to this many messages per channel per tick; default 3. */
  maxMessagesPerTick?: number;
}

/**
 * Every interval, adds 1..max messages "now" to 1–3 random channels or active threads (the bot's
 * visibility is ignored: people post where they like), lets the online count drift, moves people in and out
 * of voice channels, and now and then lets a member join or leave.
 * Returns a function that stops it. The timer is unref'd so it never keeps a process alive by itself.
 */
export function startLivingActivity(world: World, options: LivingActivityOptions = {}): () => void {
  const rng = options.rng ?? mulberry32(world.seed + 1);
  const max = options.maxMessagesPerTick ?? 3;
  const tick = () => {
    const guilds = world.guilds().filter((g) => options.guildId === undefined || g.id === options.guildId);
    for (const guild of guilds) {
      const targets = [...world.channels(guild.id), ...world.threads(guild.id)].filter(
        (c) => MESSAGE_CHANNEL_TYPES.has(c.type) && !c.thread?.archived,
      );
      if (targets.length === 0) continue;
      for (let n = 1 + randomInt(rng, 3); n > 0; n--) {
        world.addMessagesNow(pick(rng, targets).id, 1 + randomInt(rng, max), { botRatio: 0.1, authors: 30 });
      }
      stirVoice(world, guild.id, rng);
      stirMembers(world, guild.id, rng);
      if (rng() < 0.2) {
        const drift = randomInt(rng, 11) - 5;
        world.setMemberCounts(
          guild.id,
          guild.memberCount,
          Math.max(0, Math.min(guild.memberCount, guild.presenceCount + drift)),
        );
      }
    }
  };
  const timer = setInterval(tick, options.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Keeps two to six people in the guild's voice and stage channels, joining, moving and leaving. */
function stirVoice(world: World, guildId: string, rng: Rng): void {
  const rooms = world.channels(guildId).filter((c) => c.type === 2 || c.type === 13);
  if (rooms.length === 0 || rng() < 0.5) return;
  const present = world.voiceStates(guildId);
  const roll = rng();
  if (present.length < 2 || (present.length < 6 && roll < 0.4)) {
    const candidates = world.guildHumans(guildId).filter((id) => !present.some((s) => s.userId === id));
    if (candidates.length > 0) world.joinVoice(pick(rng, rooms).id, pick(rng, candidates));
  } else if (roll < 0.7) {
    world.leaveVoice(pick(rng, present).userId);
  } else if (rooms.length > 1) {
    const mover = pick(rng, present);
    const elsewhere = rooms.filter((r) => r.id !== mover.channelId);
    if (elsewhere.length > 0) world.moveVoice(mover.userId, pick(rng, elsewhere).id);
  }
}

/** A join now and then, a leave more rarely (never the owner): GUILD_MEMBER_ADD/REMOVE for bots that ask. */
function stirMembers(world: World, guildId: string, rng: Rng): void {
  const roll = rng();
  if (roll < 0.05) world.joinMember(guildId);
  else if (roll < 0.08) {
    const owner = world.guild(guildId)?.ownerId;
    const humans = world.guildHumans(guildId).filter((id) => id !== owner);
    if (humans.length > 10) world.leaveMember(guildId, pick(rng, humans));
  }
}
