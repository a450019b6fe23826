import { isVoiceType } from "../discord/channel-kinds.js";
import { formatUtcDay } from "../history/utc-days.js";
import type { GatewayDispatch, GatewayListener } from "../gateway/gateway-events.js";
import type { Logger } from "../log.js";
import { readChannel } from "../store/channel-rows.js";
import { ChannelState } from "../store/channel-states.js";
import type { Store } from "../store/open.js";
import { clearVoiceSessions, readStoredVoiceSessions, type VoiceTimeSlice, writeVoice } from "../store/voice-writes.js";
import { nextVoiceTransition, sessionKey, type VoiceSession, type VoiceStateChange } from "./voice-sessions.js";
import { sliceByUtcDay } from "./voice-time.js";

export interface VoiceRecorderOptions {
  store: Store;
  clock: () => number;
  log: Logger;
  guildIds: ReadonlySet<string>;
  /** Open sessions' time is written at least this often: a crash loses at most this much. */
  checkpointMs: number;
}

export interface VoiceRecorder extends GatewayListener {
  /** Writes every open session's time up to now (tests, and on stop). */
  checkpoint(): void;
  stop(): void;
}

/**
 * VOICE_STATE_UPDATE into voice sessions per person and channel, and their time into voice_daily per UTC day. The
 * sessions in progress at start come from each GUILD_CREATE's voice_states; sessions a previous run left open are
 * dropped, because the time while the exporter was down is unknown and never invented.
 */
export function createVoiceRecorder(options: VoiceRecorderOptions): VoiceRecorder {
  const { store, clock, log } = options;
  const open = new Map<string, VoiceSession>();
  const bots = new Map<string, boolean>();

  const left = readStoredVoiceSessions(store);
  if (left.length > 0) {
    log.info(
      { sessions: left.length },
      "voice sessions of the previous run dropped: the time since it stopped is unknown",
    );
    clearVoiceSessions(store);
  }

  const counted = (channelId: string): boolean => {
    const row = readChannel(store, channelId);
    // Not stored yet (a channel made a moment ago): counted; the listing fills in its row.
    return !row || (isVoiceType(row.type) && row.state !== ChannelState.Excluded);
  };

  const slicesOf = (session: VoiceSession, until: number): VoiceTimeSlice[] =>
    sliceByUtcDay(session.checkpointedAt, until).map((slice) => ({
      channelId: session.channelId,
      day: slice.day,
      ms: slice.ms,
      bot: session.bot,
      userId: session.userId,
    }));

  function apply(changes: readonly VoiceStateChange[]): void {
    const now = clock();
    const slices: VoiceTimeSlice[] = [];
    const ended: { guildId: string; userId: string }[] = [];
    const started: VoiceSession[] = [];
    for (const change of changes) {
      const key = sessionKey(change.guildId, change.userId);
      const transition = nextVoiceTransition(open.get(key), change, now, counted);
      if (transition.ended) {
        slices.push(...slicesOf(transition.ended, now));
        ended.push(transition.ended);
        open.delete(key);
      }
      if (transition.started) {
        open.set(key, transition.started);
        started.push(transition.started);
        // Present today from the first moment, even before any time is written.
        const { channelId, bot, userId } = transition.started;
        slices.push({ channelId, day: formatUtcDay(now), ms: 0, bot, userId });
      }
    }
    if (slices.length + ended.length + started.length > 0)
      writeVoice(store, { slices, checkpoints: [], ended, started });
  }

  function checkpoint(): void {
    if (open.size === 0) return;
    const now = clock();
    const slices: VoiceTimeSlice[] = [];
    const checkpoints: { guildId: string; userId: string; checkpointedAt: number }[] = [];
    for (const session of open.values()) {
      slices.push(...slicesOf(session, now));
      session.checkpointedAt = now;
      checkpoints.push({ guildId: session.guildId, userId: session.userId, checkpointedAt: now });
    }
    writeVoice(store, { slices, checkpoints, ended: [], started: [] });
  }

  function onGuildCreate(d: Record<string, unknown>): void {
    const guildId = typeof d.id === "string" ? d.id : null;
    if (guildId === null || !options.guildIds.has(guildId)) return;
    for (const member of Array.isArray(d.members) ? d.members : []) rememberBot(member);
    const present = new Map<string, VoiceStateChange>();
    for (const state of Array.isArray(d.voice_states) ? d.voice_states : []) {
      const change = readVoiceState(state, guildId);
      if (change) present.set(change.userId, change);
    }
    // A fresh session's list is the truth now: whoever is not in it has left.
    const changes = [...present.values()];
    for (const session of open.values()) {
      if (session.guildId === guildId && !present.has(session.userId)) {
        changes.push({ guildId, userId: session.userId, channelId: null, bot: session.bot });
      }
    }
    apply(changes);
  }

  function rememberBot(member: unknown): void {
    const user = (member as { user?: { id?: unknown; bot?: unknown } } | null)?.user;
    if (typeof user?.id === "string") bots.set(user.id, user.bot === true);
  }

  function readVoiceState(state: unknown, guildId: string): VoiceStateChange | null {
    const s = state as { user_id?: unknown; channel_id?: unknown; member?: unknown } | null;
    if (typeof s?.user_id !== "string") return null;
    if (s.member) rememberBot(s.member);
    return {
      guildId,
      userId: s.user_id,
      channelId: typeof s.channel_id === "string" ? s.channel_id : null,
      // Voice states of GUILD_CREATE carry no member: its members list (those in voice) told us.
      bot: bots.get(s.user_id) ?? false,
    };
  }

  const timer = setInterval(() => {
    try {
      checkpoint();
    } catch (error) {
      log.error({ err: error }, "voice checkpoint failed; retried at the next one");
    }
  }, options.checkpointMs);
  timer.unref();

  return {
    onDispatch(dispatch: GatewayDispatch) {
      const d = dispatch.d as Record<string, unknown> | null;
      if (d === null || typeof d !== "object") return;
      if (dispatch.t === "GUILD_CREATE") return onGuildCreate(d);
      if (dispatch.t !== "VOICE_STATE_UPDATE") return;
      const guildId = typeof d.guild_id === "string" ? d.guild_id : null;
      if (guildId === null || !options.guildIds.has(guildId)) return;
      const change = readVoiceState(d, guildId);
      if (change) apply([change]);
    },
    checkpoint,
    stop() {
      clearInterval(timer);
      checkpoint();
    },
  };
}
