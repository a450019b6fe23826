/**
 * A month in the life of the demo guild, hour by hour, for the README's chart pictures (scripts/docs-charts.ts):
 * messages that follow the day and the week, a busy event day, members who slowly grow, online members who follow
 * the evening, and people in voice mostly at night. Deterministic: the same seed gives the same month.
 * Everything happens through the fake's World at its clock's now, so it reaches the exporter as Discord would tell
 * it (REST listings and pages, VOICE_STATE_UPDATE on the gateway).
 */
import type { DemoChannelIds } from "../fake-discord/living-guild.js";
import { mulberry32, pick, randomInt, type Rng } from "../fake-discord/rng.js";
import type { World } from "../fake-discord/world.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface MonthPlan {
  world: World;
  guildId: string;
  channels: DemoChannelIds;
  /** The first hour of the month (the world's clock when it starts). */
  startMs: number;
  seed: number;
}

/** Where messages are written, and each one's share of the guild's messages. */
function messageTargets(channels: DemoChannelIds): { id: string; share: number; botRatio: number; authors: number }[] {
  return [
    { id: channels.general, share: 0.45, botRatio: 0.08, authors: 45 },
    { id: channels.offTopic, share: 0.2, botRatio: 0.03, authors: 30 },
    { id: channels.threads.eventPlanning, share: 0.12, botRatio: 0, authors: 14 },
    { id: channels.lounge, share: 0.08, botRatio: 0, authors: 15 },
    { id: channels.announcements, share: 0.03, botRatio: 0.6, authors: 3 },
    { id: channels.townHall, share: 0.02, botRatio: 0, authors: 12 },
    ...channels.threads.forumPosts.slice(2).map((id) => ({ id, share: 0.04, botRatio: 0, authors: 8 })),
  ];
}

/** 0..1 over the UTC day: quiet mornings, busy evenings (the demo guild lives around UTC+1). */
function dayCurve(hourUtc: number): number {
  const evening = Math.exp(-(((hourUtc - 20) / 3.2) ** 2));
  const lunch = 0.35 * Math.exp(-(((hourUtc - 12) / 2) ** 2));
  return Math.min(1, 0.08 + evening + lunch);
}

function weekFactor(ms: number): number {
  const weekday = new Date(ms).getUTCDay();
  return weekday === 0 || weekday === 6 ? 1.35 : 1;
}

/** A Poisson-ish whole number around `mean`, from a few uniform draws. */
function around(rng: Rng, mean: number): number {
  const spread = (rng() + rng() + rng() - 1.5) * 0.8;
  return Math.max(0, Math.round(mean * (1 + spread)));
}

export interface MonthDriver {
  /** Moves the world to `nowMs` (one hour after the previous step) and lets that hour happen. */
  step(nowMs: number): void;
}

/**
 * The month's hourly steps. `eventDay` (days after the start) is the guild's big day: an announcement, three times
 * the messages, new members, a full voice channel.
 */
export function createMonthDriver(plan: MonthPlan, options: { eventDay: number }): MonthDriver {
  const rng = mulberry32(plan.seed);
  const { world, guildId, channels } = plan;
  const targets = messageTargets(channels);
  const rooms = [channels.lounge, channels.lounge, channels.townHall];
  const guild = world.guild(guildId);
  let members = guild?.memberCount ?? 1000;
  const musicBot = world.voiceStates(guildId).find((state) => state.bot)?.userId ?? null;

  return {
    step(nowMs) {
      const day = Math.floor((nowMs - plan.startMs) / DAY);
      const hour = new Date(nowMs).getUTCHours();
      const event = day === options.eventDay ? 3 : day === options.eventDay + 1 ? 1.6 : 1;
      // A guild that grows a little over the month.
      const trend = 1 + (0.25 * (nowMs - plan.startMs)) / (30 * DAY);
      const curve = dayCurve(hour);

      const messages = around(rng, 9 * curve * weekFactor(nowMs) * event * trend);
      for (let n = 0; n < messages; n++) {
        const target = pickWeighted(rng, targets);
        world.addMessagesNow(target.id, 1, { botRatio: target.botRatio, authors: target.authors });
      }
      if (day === options.eventDay && hour === 17) {
        world.addMessagesNow(channels.announcements, 2, { botRatio: 0, authors: 2 });
      }

      // A few joins a day, dozens on the event day; a leave now and then.
      const joinChance = Math.min(1, (event > 1 ? 1.5 : 0.1) * (0.5 + curve));
      const joins = (rng() < joinChance ? 1 : 0) + (event > 1 ? around(rng, 1.5 * curve) : 0);
      const leaves = rng() < 0.05 ? 1 : 0;
      members += joins - leaves;
      const online = Math.round(members * (0.12 + 0.16 * curve) * (0.95 + 0.1 * rng()));
      world.setMemberCounts(guildId, members, online);

      stirVoice(
        world,
        guildId,
        rng,
        rooms,
        musicBot,
        Math.round((day === options.eventDay ? 10 : 5) * curve * weekFactor(nowMs)),
      );
    },
  };
}

function pickWeighted<T extends { share: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.share, 0);
  let roll = rng() * total;
  for (const item of items) {
    roll -= item.share;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/**
 * Brings the people in voice towards `wanted`, one join, move or leave at a time; the guild's music bot (already in
 * the lounge when the demo starts) stays while anyone is there.
 */
function stirVoice(
  world: World,
  guildId: string,
  rng: Rng,
  rooms: readonly string[],
  musicBot: string | null,
  wanted: number,
): void {
  const people = () => world.voiceStates(guildId).filter((state) => !state.bot);
  for (let moves = 1 + randomInt(rng, 2); moves > 0; moves--) {
    const present = people();
    if (present.length < wanted) {
      const candidates = world.guildHumans(guildId).filter((id) => !present.some((s) => s.userId === id));
      if (candidates.length > 0) world.joinVoice(pick(rng, rooms), pick(rng, candidates.slice(0, 60)));
    } else if (present.length > wanted) {
      world.leaveVoice(pick(rng, present).userId);
    } else if (present.length > 0 && rng() < 0.3) {
      const mover = pick(rng, present);
      const elsewhere = rooms.filter((room) => room !== mover.channelId);
      if (elsewhere.length > 0) world.moveVoice(mover.userId, pick(rng, elsewhere));
    }
  }
  if (musicBot === null) return;
  const first = people()[0];
  const botIn = world.voiceStates(guildId).some((state) => state.userId === musicBot);
  if (first === undefined && botIn) world.leaveVoice(musicBot);
  if (first !== undefined && !botIn) world.joinVoice(first.channelId, musicBot);
}
