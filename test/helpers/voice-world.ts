/**
 * A guild with voice history counted by the real exporter (VOICE_ACTIVITY) from the fake Discord's
 * VOICE_STATE_UPDATEs, with an injected clock that walks through a week of evenings: people and a music bot joining,
 * moving and leaving, stays across midnight, a day whose only visitor left the moment they came (present, no time),
 * a day with nobody, and an excluded AFK channel whose time counts nowhere. Each event is let in before the clock
 * moves on, so the stored time is exactly the fake's. The fake's own record (World.voiceSecondsByDay) is the truth.
 */
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "./exporter-harness.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The first evening's midnight: the exporter starts at its noon, with someone already in voice. */
const FIRST_DAY_MS = Date.UTC(2026, 5, 1);
export const VOICE_FIRST_DAY = "2026-06-01";
const DAYS = 7;
/** The exporter's clock after the last event: the evening of the seventh day. */
export const VOICE_NOW = FIRST_DAY_MS + (DAYS - 1) * DAY + 23 * HOUR;
export const VOICE_TODAY = "2026-06-07";

export interface VoiceWorld {
  h: Harness;
  world: World;
  guildId: string;
  ids: { general: string; lounge: string; stage: string; afk: string };
  /** Channels whose time counts nowhere (EXCLUDED_CHANNELS). */
  excluded: ReadonlySet<string>;
}

type Step = { atMs: number; act: () => void };

export async function startVoiceWorld(options: { guildName?: string } = {}): Promise<VoiceWorld> {
  let now = FIRST_DAY_MS + 12 * HOUR;
  const world = new World({ seed: 1404, now: () => now });
  const guild = world.addGuild({
    id: "1300000000000000001",
    name: options.guildName ?? "ボイス Voice",
    memberCount: 40,
    presenceCount: 12,
  });
  const general = world.addChannel(guild.id, { name: "雑談 general", type: 0 }).id;
  const lounge = world.addChannel(guild.id, { name: "ラウンジ lounge", type: 2 }).id;
  const stage = world.addChannel(guild.id, { name: "stage", type: 13 }).id;
  const afk = world.addChannel(guild.id, { name: "afk", type: 2 }).id;
  world.addMessages(general, 300, { fromMs: now - 20 * DAY, toMs: now - HOUR, authors: 12, botRatio: 0.1 });
  const user = (username: string, bot = false) => world.addUser(guild.id, { username, bot }).id;
  const [alice, bob, carol, dave, erin] = ["alice", "bob", "carol", "dave", "erin"].map((name) => user(name));
  const music = user("music", true);

  // Alice is in voice when the exporter starts: GUILD_CREATE's voice_states begin her session.
  world.joinVoice(lounge, alice!);
  const h = await startHarness(
    world,
    [guild.id],
    { voiceActivity: true, excludedChannels: ["afk"] },
    { gateway: { heartbeatIntervalMs: 500 } },
    { clock: () => now },
  );
  await h.settle();
  const sessions = () =>
    (
      h.store.sqlite.prepare("SELECT user_id AS user, channel_id AS channel FROM voice_sessions").all() as {
        user: string;
        channel: string;
      }[]
    )
      .map((row) => `${row.user} ${row.channel}`)
      .sort()
      .join(",");
  // Who is in a counted channel now, as the store must hold it once the last event is in.
  const expected = () =>
    world
      .voiceStates(guild.id)
      .filter((state) => state.channelId !== afk)
      .map((state) => `${state.userId} ${state.channelId}`)
      .sort()
      .join(",");
  const settle = async (what: string) => {
    const deadline = Date.now() + 15_000;
    while (sessions() !== expected()) {
      if (Date.now() > deadline) throw new Error(`voice world: ${what} did not arrive: ${sessions()} ≠ ${expected()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await settle("GUILD_CREATE's voice states");

  const steps: Step[] = [];
  const at = (day: number, hours: number, minutes: number, act: () => void, ms = 0) =>
    steps.push({ atMs: FIRST_DAY_MS + day * DAY + hours * HOUR + minutes * MINUTE + ms, act });
  at(0, 13, 30, () => world.leaveVoice(alice!), 250);
  for (let day = 0; day < DAYS; day++) {
    // Day 4: the only visitor leaves the moment they come. Day 5: nobody at all.
    if (day === 4) {
      at(day, 12, 0, () => world.joinVoice(lounge, dave!));
      at(day, 12, 0, () => world.leaveVoice(dave!));
      continue;
    }
    if (day === 5) continue;
    at(day, 18, day * 3, () => world.joinVoice(lounge, alice!), 125);
    at(day, 19, 45, () => world.leaveVoice(alice!));
    at(day, 18, 30 + day, () => world.joinVoice(day % 2 === 0 ? stage : lounge, bob!), 7);
    at(day, 19, 10, () => world.moveVoice(bob!, day % 2 === 0 ? lounge : stage));
    at(day, 20, 15 + 2 * day, () => world.leaveVoice(bob!));
    if (day % 3 === 0) {
      at(day, 18, 5, () => world.joinVoice(lounge, music!));
      at(day, 22, 0, () => world.leaveVoice(music!), 999);
    }
    // Carol stays past midnight, into the next day's first hour.
    if (day === 0 || day === 2) {
      at(day, 23, 20, () => world.joinVoice(stage, carol!));
      at(day + 1, 0, 35, () => world.leaveVoice(carol!));
    }
    // Erin idles in the excluded AFK channel, then comes to the lounge.
    if (day === 3) {
      at(day, 10, 0, () => world.joinVoice(afk, erin!));
      at(day, 11, 0, () => world.moveVoice(erin!, lounge));
      at(day, 11, 30, () => world.leaveVoice(erin!));
    }
  }
  steps.sort((a, b) => a.atMs - b.atMs);
  for (const [i, step] of steps.entries()) {
    if (step.atMs < now) throw new Error(`voice world: step ${i} goes back in time`);
    now = step.atMs;
    step.act();
    await settle(`step ${i} at ${new Date(now).toISOString()}`);
  }
  now = VOICE_NOW;
  h.exporter.gateway?.voice?.checkpoint();
  // The day's member sample and listing at the last clock reading, as a sync at that time leaves them.
  await h.settle();
  return { h, world, guildId: guild.id, ids: { general, lounge, stage, afk }, excluded: new Set([afk]) };
}
