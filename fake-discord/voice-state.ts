/**
 * Who is in which voice or stage channel, and since when: the current voice states (what GUILD_CREATE's
 * `voice_states` and VOICE_STATE_UPDATE carry) and the log of every stay in a channel, from which the ground
 * truth is computed (seconds per channel per UTC day, people per channel per day). Pure: times are passed in.
 *
 * A Discord user holds one voice connection at a time, across all guilds: joining a channel elsewhere
 * disconnects the previous one. A move inside a guild is one update with the new channel_id.
 */

import { utcDay } from "./day-buckets.js";

export interface VoiceFlags {
  selfMute?: boolean;
  selfDeaf?: boolean;
  selfVideo?: boolean;
  /** Stage channels: audience members are suppressed until they become speakers. */
  suppress?: boolean;
}

export interface VoiceStateRecord {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly bot: boolean;
  /** The user's voice session; kept across moves within the guild. */
  readonly sessionId: string;
  readonly selfMute: boolean;
  readonly selfDeaf: boolean;
  readonly selfVideo: boolean;
  readonly suppress: boolean;
  /** When the user connected to this channel (ms). */
  readonly sinceMs: number;
}

/** One stay in one channel; `endMs` null while the user is still there. */
export interface VoiceInterval {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly bot: boolean;
  readonly startMs: number;
  endMs: number | null;
}

export interface VoiceTransition {
  readonly guildId: string;
  readonly userId: string;
  readonly before: VoiceStateRecord | null;
  readonly after: VoiceStateRecord | null;
}

export interface VoiceTarget {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly bot: boolean;
  /** Default suppress for the channel (true in stage channels). */
  readonly suppressByDefault: boolean;
}

export class VoiceLedger {
  private readonly current = new Map<string, VoiceStateRecord>();
  private readonly open = new Map<string, VoiceInterval>();
  private readonly log: VoiceInterval[] = [];

  constructor(private readonly newSessionId: () => string) {}

  stateOf(userId: string): VoiceStateRecord | undefined {
    return this.current.get(userId);
  }

  statesIn(guildId: string): VoiceStateRecord[] {
    return [...this.current.values()].filter((s) => s.guildId === guildId);
  }

  /** Every stay so far, oldest first (open ones have endMs null). */
  intervals(): readonly VoiceInterval[] {
    return this.log;
  }

  /**
   * Connects a user to a channel at `atMs`: a join, a move within the guild, or (from another guild) a
   * disconnect there followed by a join here. Returns the transitions in the order Discord would send them.
   */
  connect(target: VoiceTarget, atMs: number, flags: VoiceFlags = {}): VoiceTransition[] {
    const previous = this.current.get(target.userId);
    if (previous !== undefined && previous.channelId === target.channelId) return this.setFlags(target.userId, flags);
    this.assertNotBefore(target.userId, atMs);
    const out: VoiceTransition[] = [];
    let sessionId = this.newSessionId();
    if (previous !== undefined && previous.guildId !== target.guildId) {
      out.push(...this.disconnect(target.userId, atMs));
    } else if (previous !== undefined) {
      sessionId = previous.sessionId;
      this.closeInterval(target.userId, atMs);
    }
    const after: VoiceStateRecord = {
      guildId: target.guildId,
      channelId: target.channelId,
      userId: target.userId,
      bot: target.bot,
      sessionId,
      selfMute: flags.selfMute ?? previous?.selfMute ?? false,
      selfDeaf: flags.selfDeaf ?? previous?.selfDeaf ?? false,
      selfVideo: flags.selfVideo ?? previous?.selfVideo ?? false,
      suppress: flags.suppress ?? target.suppressByDefault,
      sinceMs: atMs,
    };
    this.current.set(target.userId, after);
    const { guildId, channelId, userId, bot } = target;
    const interval: VoiceInterval = { guildId, channelId, userId, bot, startMs: atMs, endMs: null };
    this.open.set(target.userId, interval);
    this.log.push(interval);
    const before = previous !== undefined && previous.guildId === target.guildId ? previous : null;
    out.push({ guildId: target.guildId, userId: target.userId, before, after });
    return out;
  }

  /** Disconnects a user from voice (nothing when not connected). */
  disconnect(userId: string, atMs: number): VoiceTransition[] {
    const previous = this.current.get(userId);
    if (previous === undefined) return [];
    this.assertNotBefore(userId, atMs);
    this.closeInterval(userId, atMs);
    this.current.delete(userId);
    return [{ guildId: previous.guildId, userId, before: previous, after: null }];
  }

  /** Mute, deafen, camera, suppress: an update without a channel change (the stay goes on). */
  setFlags(userId: string, flags: VoiceFlags): VoiceTransition[] {
    const previous = this.current.get(userId);
    if (previous === undefined) throw new Error(`user ${userId} is not in a voice channel`);
    const after: VoiceStateRecord = {
      ...previous,
      selfMute: flags.selfMute ?? previous.selfMute,
      selfDeaf: flags.selfDeaf ?? previous.selfDeaf,
      selfVideo: flags.selfVideo ?? previous.selfVideo,
      suppress: flags.suppress ?? previous.suppress,
    };
    this.current.set(userId, after);
    return [{ guildId: previous.guildId, userId, before: previous, after }];
  }

  private closeInterval(userId: string, atMs: number): void {
    const interval = this.open.get(userId);
    if (interval !== undefined) interval.endMs = atMs;
    this.open.delete(userId);
  }

  private assertNotBefore(userId: string, atMs: number): void {
    const since = this.current.get(userId)?.sinceMs;
    if (since !== undefined && atMs < since) {
      throw new RangeError(`voice change for ${userId} at ${atMs} is before the current stay began (${since})`);
    }
  }
}

/** Voice time per channel, split by humans and bots, in seconds. */
export interface VoiceSeconds {
  human: number;
  bot: number;
}

export interface VoicePeople {
  human: Set<string>;
  bot: Set<string>;
}

const DAY_MS = 86_400_000;

/** [startMs, endMs) cut at each UTC midnight: one piece per day touched ("YYYY-MM-DD", ms in that day). */
export function splitByUtcDay(startMs: number, endMs: number): Array<{ day: string; ms: number }> {
  const out: Array<{ day: string; ms: number }> = [];
  if (endMs <= startMs) return [{ day: utcDay(startMs), ms: 0 }];
  let at = startMs;
  while (at < endMs) {
    const midnight = (Math.floor(at / DAY_MS) + 1) * DAY_MS;
    const to = Math.min(endMs, midnight);
    out.push({ day: utcDay(at), ms: to - at });
    at = to;
  }
  return out;
}

/**
 * Ground truth: seconds spent in each channel per UTC day, humans and bots apart. Stays still open count up to
 * `untilMs` (the clock's now); stays crossing midnight are split between the two days.
 */
export function voiceSecondsByDay(
  intervals: readonly VoiceInterval[],
  guildId: string,
  untilMs: number,
): Map<string, Map<string, VoiceSeconds>> {
  const out = new Map<string, Map<string, VoiceSeconds>>();
  for (const interval of intervals) {
    if (interval.guildId !== guildId) continue;
    for (const { day, ms } of splitByUtcDay(interval.startMs, interval.endMs ?? Math.max(untilMs, interval.startMs))) {
      if (ms === 0) continue;
      const cell = ensure(
        ensure(out, day, () => new Map()),
        interval.channelId,
        () => ({ human: 0, bot: 0 }),
      );
      if (interval.bot) cell.bot += ms / 1000;
      else cell.human += ms / 1000;
    }
  }
  return sortedByKey(out);
}

/** Ground truth: the distinct people (and bots) who were in each channel on each UTC day. */
export function voicePeopleByDay(
  intervals: readonly VoiceInterval[],
  guildId: string,
  untilMs: number,
): Map<string, Map<string, VoicePeople>> {
  const out = new Map<string, Map<string, VoicePeople>>();
  for (const interval of intervals) {
    if (interval.guildId !== guildId) continue;
    for (const { day } of splitByUtcDay(interval.startMs, interval.endMs ?? Math.max(untilMs, interval.startMs))) {
      const cell = ensure(
        ensure(out, day, () => new Map()),
        interval.channelId,
        () => ({
          human: new Set<string>(),
          bot: new Set<string>(),
        }),
      );
      (interval.bot ? cell.bot : cell.human).add(interval.userId);
    }
  }
  return sortedByKey(out);
}

function ensure<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

function sortedByKey<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
