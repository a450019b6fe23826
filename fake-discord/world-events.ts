/**
 * What changed in the world, as plain values. The world emits them after each mutation; the gateway turns
 * them into the dispatches Discord would send (gateway-dispatch.ts). The world knows nothing of sessions.
 *
 * The rule for history: only changes that happen at the clock's "now" are events. Bulk history
 * (addMessages over a past range) and back-dated changes (an explicit time before now: addMessage's atMs,
 * addThread's createdAtMs, joinVoice's atMs...) are not: Discord never sends events for the past, and a bot
 * that connects later learns about it from REST only. Changes without a time of their own (addChannel, whose
 * createdAtMs only shapes the id, renames, moves, deletions, permission changes) are always events.
 */

import type { VoiceStateRecord } from "./voice-state.js";

export type WorldChange =
  /** The bot joined a guild, or got it back (addGuild, restoreGuild): GUILD_CREATE. */
  | { readonly kind: "guildAvailable"; readonly guildId: string }
  /** The bot was removed, or the guild deleted: GUILD_DELETE. */
  | { readonly kind: "guildRemoved"; readonly guildId: string }
  | { readonly kind: "messagesCreated"; readonly guildId: string; readonly channelId: string; readonly ids: string[] }
  /** `bulk`: one MESSAGE_DELETE_BULK per chunk of ids, else one MESSAGE_DELETE per id. */
  | {
      readonly kind: "messagesDeleted";
      readonly guildId: string;
      readonly channelId: string;
      readonly ids: string[];
      readonly bulk: boolean;
    }
  | { readonly kind: "channelCreated"; readonly guildId: string; readonly channelId: string }
  /**
   * Renamed, moved, permissions changed. `wasVisible`/`visible`: the bot's VIEW_CHANNEL before and after;
   * `threadsRevealed`: active threads under it that the bot could not see before and can now.
   */
  | {
      readonly kind: "channelUpdated";
      readonly guildId: string;
      readonly channelId: string;
      readonly wasVisible: boolean;
      readonly visible: boolean;
      readonly threadsRevealed: string[];
    }
  /** A channel or thread deleted (the record stays, flagged). `wasVisible`: as the bot saw it just before. */
  | {
      readonly kind: "channelDeleted";
      readonly guildId: string;
      readonly channelId: string;
      readonly wasVisible: boolean;
    }
  | { readonly kind: "threadCreated"; readonly guildId: string; readonly threadId: string }
  /** Renamed, archived, unarchived. */
  | { readonly kind: "threadUpdated"; readonly guildId: string; readonly threadId: string }
  /** The bot joined or left a thread; `wasVisible`/`visible` matter for private threads. */
  | {
      readonly kind: "threadMembership";
      readonly guildId: string;
      readonly threadId: string;
      readonly joined: boolean;
      readonly wasVisible: boolean;
      readonly visible: boolean;
    }
  /** One user's voice state in one guild: null before = joined, null after = left; else moved or re-flagged. */
  | {
      readonly kind: "voiceState";
      readonly guildId: string;
      readonly userId: string;
      readonly before: VoiceStateRecord | null;
      readonly after: VoiceStateRecord | null;
    }
  | { readonly kind: "memberAdded"; readonly guildId: string; readonly userId: string }
  | { readonly kind: "memberRemoved"; readonly guildId: string; readonly userId: string };

export type WorldListener = (change: WorldChange) => void;
