/** Plain data records of the fake world; the World class owns and mutates them. */

/** Discord channel types the fake knows (values as in the API). */
export const ChannelType = {
  GuildText: 0,
  GuildVoice: 2,
  GuildCategory: 4,
  GuildAnnouncement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  GuildStageVoice: 13,
  GuildForum: 15,
  GuildMedia: 16,
} as const;

export type GuildChannelType = 0 | 2 | 4 | 5 | 13 | 15 | 16;
export type ThreadType = 10 | 11 | 12;
export type AnyChannelType = GuildChannelType | ThreadType;

/** Channel types whose messages live in the channel itself (voice and stage have text chat). */
export const MESSAGE_CHANNEL_TYPES: ReadonlySet<number> = new Set([0, 2, 5, 13, 10, 11, 12]);
/** Channels that hold only threads (their posts), never messages. */
export const THREAD_ONLY_CHANNEL_TYPES: ReadonlySet<number> = new Set([15, 16]);

/**
 * How the bot relates to a guild: "member" (normal), "kicked" (the guild exists but the bot left or was
 * removed: guild routes 403 50001 except GET /guilds/{id} which is 404 10004, channels 403 50001), or
 * "deleted" (guild routes 404 10004, channels 404 10003).
 */
export type GuildAccess = "member" | "kicked" | "deleted";

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly bot: boolean;
}

export interface GuildRecord {
  readonly id: string;
  name: string;
  memberCount: number;
  presenceCount: number;
  access: GuildAccess;
  readonly ownerId: string;
  /** The guild's language (`preferred_locale`, an interaction's `guild_locale`), e.g. "en-US", "ja". */
  preferredLocale: string;
  /**
   * Whether the app has the `applications.commands` scope here (included with the `bot` scope since 2022):
   * without it, registering guild commands answers 403 50001.
   */
  commandsScope: boolean;
  /** Guild channels and threads in creation order (deleted ones included, flagged on the record). */
  readonly channelIds: string[];
  /** Indexes into the world's user table: the pools that `addMessages` draws authors from. */
  readonly humanPool: number[];
  readonly botPool: number[];
}

export interface ThreadState {
  archived: boolean;
  /** Discord sets this on archive and unarchive; for a never-archived thread it is its creation time. */
  archiveTimestampMs: number;
  locked: boolean;
  botIsMember: boolean;
  readonly ownerId: string;
  readonly createdAtMs: number;
  readonly autoArchiveDuration: number;
  /** Forum/media posts: the starter message inside the thread, same id as the thread. */
  readonly starterMessageId: string | null;
  /** Threads started from a message in the parent: that message's id (also the thread's id). */
  readonly fromMessageId: string | null;
}

export interface ChannelRecord {
  readonly id: string;
  readonly guildId: string;
  name: string;
  readonly type: AnyChannelType;
  parentId: string | null;
  position: number;
  /** VIEW_CHANNEL for the bot (threads inherit from their parent). */
  canView: boolean;
  /** READ_MESSAGE_HISTORY for the bot (threads inherit from their parent). */
  canReadHistory: boolean;
  /** MANAGE_THREADS for the bot: needed to list private archived threads and see private threads. */
  canManageThreads: boolean;
  /** CONNECT, needed besides VIEW_CHANNEL to read a voice or stage channel's chat. */
  canConnect: boolean;
  deleted: boolean;
  readonly createdAtMs: number;
  /** Forum/media channels: the newest post (thread) id, Discord's `last_message_id` there. */
  lastThreadId: string | null;
  readonly thread: ThreadState | null;
}

/** What World hands out: records are live, but must be changed only through World methods. */
export type ChannelView = Readonly<Omit<ChannelRecord, "thread">> & { readonly thread: Readonly<ThreadState> | null };
export type GuildView = Readonly<Omit<GuildRecord, "channelIds" | "humanPool" | "botPool">>;

/** A message as read back from the world, for serialisation. */
export interface MessageView {
  readonly id: string;
  readonly channelId: string;
  readonly author: UserRecord;
}

/** Per UTC day ("YYYY-MM-DD") message counts. */
export interface DayCount {
  human: number;
  bot: number;
}
