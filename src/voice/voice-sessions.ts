import type { StoredVoiceSession } from "../store/voice-writes.js";
/** The session as the store keeps it: the pure rules below work on the same shape. */
export type VoiceSession = StoredVoiceSession;

/** What a VOICE_STATE_UPDATE does to the open sessions: nothing, an end, a start, or both (a move). */
export interface VoiceTransition {
  ended: VoiceSession | null;
  started: VoiceSession | null;
}

export interface VoiceStateChange {
  guildId: string;
  userId: string;
  /** null: left voice. */
  channelId: string | null;
  bot: boolean;
}

export const sessionKey = (guildId: string, userId: string) => `${guildId}:${userId}`;

/**
 * Pure: a voice state against the open session of the same person. A move ends one session and starts another; a
 * mute or a camera toggle in the same channel changes nothing; `counted` says whether a channel is one we record.
 */
export function nextVoiceTransition(
  open: VoiceSession | undefined,
  change: VoiceStateChange,
  now: number,
  counted: (channelId: string) => boolean,
): VoiceTransition {
  const target = change.channelId !== null && counted(change.channelId) ? change.channelId : null;
  if (open?.channelId === target) return { ended: null, started: null };
  return {
    ended: open ?? null,
    started:
      target === null
        ? null
        : {
            guildId: change.guildId,
            userId: change.userId,
            channelId: target,
            bot: change.bot,
            startedAt: now,
            checkpointedAt: now,
          },
  };
}
