/**
 * What the voice API and the dashboard's voice chart must answer, from the fake world's own record of who was in
 * which voice channel when (World.voiceSecondsByDay / voicePeopleByDay) alone: nothing here calls the exporter's
 * code. Seconds are summed as whole milliseconds, as the exporter stores them, so the answers compare exactly.
 */
import type { World } from "../../fake-discord/world.js";

export interface TruthVoiceDay {
  day: string;
  human_seconds: number;
  bot_seconds: number;
  people: number;
}

export interface TruthVoiceChannel {
  channel_id: string;
  name: string;
  human_seconds: number;
  bot_seconds: number;
  people: number;
}

interface Cell {
  humanMs: number;
  botMs: number;
  people: Set<string>;
}

/** day → channel → time and people, without the channels in `omit` (excluded), within from..to. */
function cells(world: World, guildId: string, omit: ReadonlySet<string>, from: string, to: string) {
  const out = new Map<string, Map<string, Cell>>();
  const cell = (day: string, channel: string) => {
    const channels = out.get(day) ?? new Map<string, Cell>();
    out.set(day, channels);
    const found = channels.get(channel) ?? { humanMs: 0, botMs: 0, people: new Set<string>() };
    channels.set(channel, found);
    return found;
  };
  const inRange = (day: string, channel: string) => day >= from && day <= to && !omit.has(channel);
  for (const [day, channels] of world.voiceSecondsByDay(guildId)) {
    for (const [channel, seconds] of channels) {
      if (!inRange(day, channel)) continue;
      const found = cell(day, channel);
      found.humanMs += Math.round(seconds.human * 1000);
      found.botMs += Math.round(seconds.bot * 1000);
    }
  }
  for (const [day, channels] of world.voicePeopleByDay(guildId)) {
    for (const [channel, people] of channels) {
      if (!inRange(day, channel)) continue;
      for (const user of people.human) cell(day, channel).people.add(user);
    }
  }
  return out;
}

/** The voice/daily answer's `people` and `days`: the guild's (or one channel's) days with time or people. */
export function truthVoiceDaily(
  world: World,
  guildId: string,
  omit: ReadonlySet<string>,
  from: string,
  to: string,
  channelId?: string,
): { people: number; days: TruthVoiceDay[] } {
  const everyone = new Set<string>();
  const days: TruthVoiceDay[] = [];
  for (const [day, channels] of [...cells(world, guildId, omit, from, to)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let humanMs = 0;
    let botMs = 0;
    const people = new Set<string>();
    for (const [channel, cell] of channels) {
      if (channelId !== undefined && channel !== channelId) continue;
      humanMs += cell.humanMs;
      botMs += cell.botMs;
      for (const user of cell.people) people.add(user);
    }
    for (const user of people) everyone.add(user);
    if (humanMs + botMs > 0 || people.size > 0) {
      days.push({ day, human_seconds: humanMs / 1000, bot_seconds: botMs / 1000, people: people.size });
    }
  }
  return { people: everyone.size, days };
}

/** The voice/channels/top answer's channels: most people's time first (ties: bots' time, name, id). */
export function truthTopVoiceChannels(
  world: World,
  guildId: string,
  omit: ReadonlySet<string>,
  from: string,
  to: string,
  limit: number,
): TruthVoiceChannel[] {
  const totals = new Map<string, Cell>();
  for (const channels of cells(world, guildId, omit, from, to).values()) {
    for (const [channel, cell] of channels) {
      const total = totals.get(channel) ?? { humanMs: 0, botMs: 0, people: new Set<string>() };
      totals.set(channel, total);
      total.humanMs += cell.humanMs;
      total.botMs += cell.botMs;
      for (const user of cell.people) total.people.add(user);
    }
  }
  const names = new Map(world.channels(guildId).map((channel) => [channel.id, channel.name]));
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...totals]
    .filter(([, total]) => total.humanMs + total.botMs > 0)
    .map(([id, total]) => ({ id, name: names.get(id) ?? "", ...total }))
    .sort((a, b) => b.humanMs - a.humanMs || b.botMs - a.botMs || text(a.name, b.name) || text(a.id, b.id))
    .slice(0, limit)
    .map((c) => ({
      channel_id: c.id,
      name: c.name,
      human_seconds: c.humanMs / 1000,
      bot_seconds: c.botMs / 1000,
      people: c.people.size,
    }));
}
