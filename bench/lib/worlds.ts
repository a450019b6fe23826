/** Generated guilds for the benchmarks: many channels, message counts chosen per channel, history over years. */
import { ChannelType, World } from "../../fake-discord/index.js";

export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;

export interface GuildSpec {
  name: string;
  /** Messages per text channel (one channel per entry). */
  channelMessages: readonly number[];
  /** Messages spread uniformly over [now - historyMs, now - 1 h]. */
  historyMs: number;
  /** Distinct human authors drawn from (skewed: a few write most). */
  authors?: number;
  botRatio?: number;
  memberCount?: number;
}

export interface BuiltGuild {
  guildId: string;
  channelIds: string[];
  totalMessages: number;
}

export const DEFAULT_AUTHORS = 100;
export const DEFAULT_BOT_RATIO = 0.1;

export function createWorld(seed = 42): World {
  return new World({ seed });
}

export function addGuild(world: World, spec: GuildSpec): BuiltGuild {
  const guild = world.addGuild({ name: spec.name, memberCount: spec.memberCount ?? 5000, presenceCount: 500 });
  const now = Date.now();
  const toMs = now - 3_600_000;
  const fromMs = now - spec.historyMs;
  const channelIds: string[] = [];
  let total = 0;
  spec.channelMessages.forEach((count, index) => {
    const channel = world.addChannel(guild.id, {
      name: `channel-${index}`,
      type: ChannelType.GuildText,
      createdAtMs: fromMs - DAY_MS,
    });
    if (count > 0) {
      world.addMessages(channel.id, count, {
        fromMs,
        toMs,
        authors: spec.authors ?? DEFAULT_AUTHORS,
        botRatio: spec.botRatio ?? DEFAULT_BOT_RATIO,
      });
    }
    channelIds.push(channel.id);
    total += count;
  });
  return { guildId: guild.id, channelIds, totalMessages: total };
}

/**
 * `huge` channels of `hugeSize` messages, the rest of `total` spread over the other channels with a long tail
 * (weights 1/(i+10): the busiest small channel has ~13× the quietest one), every channel at least 1 message.
 */
export function skewedCounts(total: number, channels: number, huge: number, hugeSize: number): number[] {
  const rest = total - huge * hugeSize;
  const small = channels - huge;
  const weights = Array.from({ length: small }, (_, i) => 1 / (i + 10));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.floor((rest * w) / sum)));
  // Give the rounding remainder to the first channel so the total is exact.
  const assigned = counts.reduce((a, b) => a + b, 0);
  counts[0] = (counts[0] ?? 0) + (rest - assigned);
  return [...Array.from({ length: huge }, () => hugeSize), ...counts];
}

/** Requests Discord needs to read every message of a channel once, 100 per page (an empty channel still costs 1). */
export function pagesToRead(messages: number): number {
  return Math.max(1, Math.ceil(messages / 100));
}

/**
 * The Go exporter's strategy, every poll: list the channels, then page through every message of every text channel.
 */
export function fullRecountRequests(channelMessages: readonly number[]): number {
  return 1 + channelMessages.reduce((sum, n) => sum + pagesToRead(n), 0);
}

/** A voice channel with `people` members connected to it: /stats voice then has time to draw (VOICE_ACTIVITY). */
export function addVoiceRoom(world: World, guildId: string, people = 3): { channelId: string; people: number } {
  const channel = world.addChannel(guildId, { name: "voice", type: ChannelType.GuildVoice });
  for (let i = 0; i < people; i++) {
    world.joinVoice(channel.id, world.addUser(guildId, { username: `voice-${i}` }).id);
  }
  return { channelId: channel.id, people };
}
