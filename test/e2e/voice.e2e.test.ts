import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness, TEST_TOKEN } from "../helpers/exporter-harness.js";
import { spawnExporter, waitFor } from "../helpers/exporter-process.js";
import { freePort } from "../helpers/free-port.js";
import { findSamples, sumSamples } from "../helpers/parse-metrics.js";
import { makeTempDir } from "../helpers/temp-store.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** voice_daily as day → channel → {human, bot} seconds, the shape of the fake's truth. */
function storedVoice(db: Database.Database) {
  const out = new Map<string, Map<string, { human: number; bot: number }>>();
  const rows = db
    .prepare("SELECT day, channel_id AS channel, human_ms AS human, bot_ms AS bot FROM voice_daily ORDER BY day")
    .all() as { day: string; channel: string; human: number; bot: number }[];
  for (const row of rows) {
    const day = out.get(row.day) ?? new Map();
    day.set(row.channel, { human: row.human / 1000, bot: row.bot / 1000 });
    out.set(row.day, day);
  }
  return out;
}

/** The fake's truth without the channels and days where nobody was (the store writes no empty row). */
function truthVoice(world: World, guildId: string) {
  const out = new Map<string, Map<string, { human: number; bot: number }>>();
  for (const [day, channels] of world.voiceSecondsByDay(guildId)) {
    const kept = new Map([...channels].filter(([, s]) => s.human + s.bot > 0));
    if (kept.size > 0) out.set(day, kept);
  }
  return out;
}

function storedPeople(db: Database.Database) {
  const rows = db
    .prepare("SELECT day, channel_id AS channel, user_id AS user FROM voice_daily_people ORDER BY day, channel, user")
    .all() as { day: string; channel: string; user: string }[];
  return rows.map((r) => `${r.day} ${r.channel} ${r.user}`);
}

function truthPeople(world: World, guildId: string) {
  const out: string[] = [];
  for (const [day, channels] of world.voicePeopleByDay(guildId)) {
    for (const [channel, people] of channels) for (const user of people.human) out.push(`${day} ${channel} ${user}`);
  }
  return out.sort();
}

describe("VOICE_ACTIVITY: voice sessions into time per channel and UTC day, exact with an injected clock", () => {
  // 23:30 UTC: the first session crosses midnight.
  let now = Date.UTC(2026, 10, 20, 23, 30);
  const world = new World({ seed: 1501, now: () => now });
  const guild = world.addGuild({ name: "Voice", memberCount: 20, presenceCount: 8 });
  const lounge = world.addChannel(guild.id, { name: "ラウンジ", type: 2 }).id;
  const stage = world.addChannel(guild.id, { name: "stage", type: 13 }).id;
  const text = world.addChannel(guild.id, { name: "text", type: 0 }).id;
  const [alice, bob, carol] = ["alice", "bob", "carol"].map((username) => world.addUser(guild.id, { username }).id);
  const musicBot = world.addUser(guild.id, { username: "music", bot: true }).id;
  world.addMessages(text, 50, { fromMs: now - 10 * HOUR, toMs: now - MINUTE });
  let h: Harness;
  const advance = (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    // Someone is in voice before the exporter starts: GUILD_CREATE's voice_states start that session.
    world.joinVoice(lounge, alice!);
    h = await startHarness(
      world,
      [guild.id],
      { voiceActivity: true, botEnabled: true },
      { gateway: { heartbeatIntervalMs: 500 } },
      { clock: () => now },
    );
    await h.settle();
    await waitFor("the voice session from GUILD_CREATE", () => {
      const row = h.store.sqlite.prepare("SELECT count(*) AS n FROM voice_sessions").get() as { n: number };
      return row.n === 1 ? true : undefined;
    });
  });
  afterAll(async () => h?.close());

  /** Gateway events arrive asynchronously: waits until the stored open sessions are who is in voice now. */
  const settleVoice = async (expected: readonly [string, string][]) => {
    const want = expected.map(([user, channel]) => `${user} ${channel}`).sort();
    await waitFor("the voice states to arrive", () => {
      const rows = h.store.sqlite
        .prepare("SELECT user_id AS user, channel_id AS channel FROM voice_sessions ORDER BY user_id")
        .all() as { user: string; channel: string }[];
      const have = rows.map((row) => `${row.user} ${row.channel}`).sort();
      return JSON.stringify(have) === JSON.stringify(want) ? true : undefined;
    });
  };

  it("asks for GuildVoiceStates, no privileged intent", () => {
    const [session] = h.fake.gateway.sessions();
    expect(session?.intents).toBe((1 << 0) | (1 << 7));
  });

  it("joins, a move, a bot, across midnight: voice_daily equals the fake's truth to the millisecond", async () => {
    world.joinVoice(lounge, bob!);
    world.joinVoice(lounge, musicBot!);
    await settleVoice([
      [alice!, lounge],
      [bob!, lounge],
      [musicBot!, lounge],
    ]);
    advance(45 * MINUTE); // past midnight
    h.exporter.gateway?.voice?.checkpoint();
    world.moveVoice(bob!, stage);
    world.setVoiceFlags(alice!, { selfMute: true }); // no move: nothing changes
    await settleVoice([
      [alice!, lounge],
      [bob!, stage],
      [musicBot!, lounge],
    ]);
    advance(20 * MINUTE);
    world.leaveVoice(musicBot!);
    world.joinVoice(stage, carol!);
    await settleVoice([
      [alice!, lounge],
      [bob!, stage],
      [carol!, stage],
    ]);
    advance(10 * MINUTE);
    h.exporter.gateway?.voice?.checkpoint();
    expect(storedVoice(h.store.sqlite)).toEqual(truthVoice(world, guild.id));
    expect(storedPeople(h.store.sqlite)).toEqual(truthPeople(world, guild.id));
    expect(storedVoice(h.store.sqlite).size).toBe(2);
  });

  it("metrics: people in each channel now, voice seconds by author kind, voice active members", async () => {
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_voice_members", { channel_id: lounge })).toBe(1);
    expect(sumSamples(samples, "discord_voice_members", { channel_id: stage })).toBe(2);
    const seconds = (channel: string, author: string) =>
      sumSamples(samples, "discord_voice_seconds_total", { channel_id: channel, author });
    let human = 0;
    let bot = 0;
    for (const channels of world.voiceSecondsByDay(guild.id).values()) {
      human += channels.get(lounge)?.human ?? 0;
      bot += channels.get(lounge)?.bot ?? 0;
    }
    expect(seconds(lounge, "human")).toBeCloseTo(human, 6);
    expect(seconds(lounge, "bot")).toBeCloseTo(bot, 6);
    expect(findSamples(samples, "discord_voice_seconds_total", { channel_id: lounge })[0]?.labels.channel).toBe(
      "ラウンジ",
    );
    expect(sumSamples(samples, "discord_voice_active_members", { window: "1d" })).toBe(3);
    expect(sumSamples(samples, "discord_voice_active_members", { window: "7d" })).toBe(3);
  });

  it("/stats voice: the hours and the people, and a chart, from the same history", async () => {
    await waitFor("/stats registered", () => (h.fake.commands(guild.id).length > 0 ? true : undefined));
    const voiceCommand = (h.fake.commands(guild.id)[0]?.json.options ?? []) as { name: string }[];
    expect(voiceCommand.map((o) => o.name)).toContain("voice");
    const reply = await h.fake.interactions
      .fire({ name: "stats voice", options: { days: "7" }, guildId: guild.id, channelId: text, user: carol })
      .waitForReply();
    let seconds = 0;
    for (const channels of world.voiceSecondsByDay(guild.id).values()) {
      for (const s of channels.values()) seconds += s.human + s.bot;
    }
    // Up to the last checkpoint (the test's), as the history holds it.
    const stored = [...storedVoice(h.store.sqlite).values()]
      .flatMap((c) => [...c.values()])
      .reduce((sum, v) => sum + v.human + v.bot, 0);
    expect(stored).toBe(seconds);
    expect(reply.content).toBe(
      `**${(Math.round((seconds / 3600) * 10) / 10).toLocaleString("en-US")}** hours in voice channels over the last 7 days, by 3 different people.`,
    );
    expect(reply.attachments[0]?.contentType).toBe("image/png");
  });

  it("a restart does not invent the time it was down; the sessions come back from GUILD_CREATE", async () => {
    const before = storedVoice(h.store.sqlite);
    // Stopped: the open sessions are written up to now; the 30 minutes down are seen by nobody.
    await h.restart(async () => advance(30 * MINUTE));
    await settleVoice([
      [alice!, lounge],
      [bob!, stage],
      [carol!, stage],
    ]);
    advance(5 * MINUTE);
    h.exporter.gateway?.voice?.checkpoint();
    const after = storedVoice(h.store.sqlite);
    const sum = (m: Map<string, Map<string, { human: number; bot: number }>>) =>
      [...m.values()].flatMap((c) => [...c.values()]).reduce((s, v) => s + v.human + v.bot, 0);
    // Three people for 5 minutes after the restart: exactly that was added, not the 30 minutes down.
    expect(sum(after) - sum(before)).toBe(3 * 5 * 60);
  });
});

describe("a SIGKILL mid-session loses at most the time since the last checkpoint, and never counts twice", () => {
  const world = new World({ seed: 1502 });
  const guild = world.addGuild({ name: "Killed", memberCount: 5, presenceCount: 2 });
  const lounge = world.addChannel(guild.id, { name: "lounge", type: 2 }).id;
  const user = world.addUser(guild.id, { username: "stayer" }).id;
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeDiscord(world, { token: TEST_TOKEN, gateway: { heartbeatIntervalMs: 500 } });
    dir = makeTempDir();
  });
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("kills right after a run's 3rd, 4th, 5th checkpoint: the stored time is exactly the checkpointed spans, never more", async () => {
    const env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: fake.url,
      DATABASE_PATH: path.join(dir, "voice.db"),
      VOICE_ACTIVITY: "true",
      VOICE_CHECKPOINT_INTERVAL: "200ms",
    };
    world.joinVoice(lounge, user);
    const readSession = () => {
      if (!fs.existsSync(env.DATABASE_PATH)) return undefined;
      const db = new Database(env.DATABASE_PATH, { readonly: true });
      try {
        if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'voice_sessions'").get()) return undefined;
        return db.prepare("SELECT started_at AS s, checkpointed_at AS c FROM voice_sessions").get() as
          | { s: number; c: number }
          | undefined;
      } finally {
        db.close();
      }
    };
    let checkpointed = 0;
    let lostMs = 0;
    let previousStart = 0;
    const landings: string[] = [];
    for (let round = 0; round < 3; round++) {
      const proc = spawnExporter(env, await freePort());
      // Killed on an event, this run's k-th checkpoint in the database (each new checkpointed_at of its own session:
      // a fresh run drops the last run's session row and starts its own from GUILD_CREATE), not after a delay.
      const k = 3 + round;
      let seen = 0;
      let lastCheckpoint = 0;
      const aimed = await waitFor(`checkpoint ${k} of run ${round}`, () => {
        const session = readSession();
        if (!session || session.s <= previousStart || session.c === session.s) return undefined;
        if (session.c !== lastCheckpoint) {
          lastCheckpoint = session.c;
          seen++;
        }
        return seen >= k ? session : undefined;
      });
      proc.child.kill("SIGKILL");
      const killedAt = Date.now();
      const exit = await proc.exited;
      expect(exit.signal, proc.output()).toBe("SIGKILL");
      const session = readSession()!;
      // Mid-session: the session of this run, open and checkpointed, when the kill landed.
      expect(session.s).toBe(aimed.s);
      expect(session.c).toBeGreaterThanOrEqual(aimed.c);
      previousStart = session.s;
      checkpointed += session.c - session.s;
      lostMs = Math.max(lostMs, killedAt - session.c);
      const raced = session.c === aimed.c ? "" : ", one more checkpoint committed before it";
      landings.push(`run ${round}: after checkpoint ${seen}, ${killedAt - session.c} ms after the last one${raced}`);
    }
    console.info(`voice kills: ${landings.join("; ")}`);
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const stored = (db.prepare("SELECT coalesce(sum(human_ms), 0) AS ms FROM voice_daily").get() as { ms: number }).ms;
    db.close();
    const truthMs =
      [...world.voiceSecondsByDay(guild.id).values()].reduce((sum, c) => sum + (c.get(lounge)?.human ?? 0), 0) * 1000;
    // Exactly the spans up to each run's last checkpoint: none counted twice, none of the time between runs invented.
    expect(stored).toBe(checkpointed);
    expect(stored).toBeLessThan(truthMs);
    // What a kill lost is the time since the last checkpoint (200 ms here, a scheduling delay on top).
    expect(lostMs).toBeLessThan(1500);
  });
});

describe("MEMBER_EVENTS: joins and leaves per day, with the privileged intent switched on", () => {
  let now = Date.UTC(2026, 10, 21, 10);
  const world = new World({ seed: 1503, now: () => now });
  const guild = world.addGuild({ name: "Members", memberCount: 3, presenceCount: 1 });
  world.addChannel(guild.id, { name: "general", type: 0 });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      world,
      [guild.id],
      { memberEvents: true },
      { gateway: { heartbeatIntervalMs: 500, privilegedIntents: { guildMembers: true } } },
      { clock: () => now },
    );
    await h.settle();
    await waitFor("the gateway session", () => (h.fake.gateway.sessions().length > 0 ? true : undefined));
  });
  afterAll(async () => h?.close());

  it("asks for GUILD_MEMBERS only because MEMBER_EVENTS is on", () => {
    expect((h.fake.gateway.sessions()[0]?.intents ?? 0) & (1 << 1)).toBe(1 << 1);
  });

  it("counts each join and leave on its UTC day, as the fake's truth, and exports the totals", async () => {
    const joined = [0, 1, 2, 3].map((i) => world.joinMember(guild.id, { username: `new${i}` }).id);
    world.joinMember(guild.id, { username: "a-bot", bot: true });
    world.leaveMember(guild.id, joined[0]!);
    // A leave is dated when it arrives: let this day's events in before the clock moves on.
    await waitFor("the first day's events", () => {
      const row = h.store.sqlite
        .prepare("SELECT sum(human_joins + bot_joins + human_leaves + bot_leaves) AS n FROM member_flow_daily")
        .get() as { n: number | null };
      return row.n === 6 ? true : undefined;
    });
    now += 24 * HOUR;
    world.leaveMember(guild.id, joined[1]!);
    await waitFor("every event stored", () => {
      const row = h.store.sqlite
        .prepare("SELECT sum(human_joins + bot_joins + human_leaves + bot_leaves) AS n FROM member_flow_daily")
        .get() as { n: number | null };
      return row.n === 7 ? true : undefined;
    });
    const rows = h.store.sqlite
      .prepare(
        "SELECT day, human_joins AS hj, human_leaves AS hl, bot_joins AS bj, bot_leaves AS bl FROM member_flow_daily ORDER BY day",
      )
      .all();
    const truth = [...world.memberFlowByDay(guild.id)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, f]) => ({ day, hj: f.human.joins, hl: f.human.leaves, bj: f.bot.joins, bl: f.bot.leaves }));
    expect(rows).toEqual(truth);
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_guild_member_joins_total")).toBe(5);
    expect(sumSamples(samples, "discord_guild_member_leaves_total")).toBe(2);
  });
});
