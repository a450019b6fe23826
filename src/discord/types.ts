// What the exporter reads from Discord, reduced to the fields it uses. Names and content never leave this layer
// except channel and guild names, which label metrics.

export interface GuildInfo {
  id: string;
  name: string;
  /** approximate_member_count: every member, no 1000 cap, no privileged intent. */
  memberCount: number | null;
  /** approximate_presence_count: members not offline. */
  presenceCount: number | null;
}

export interface ListedChannel {
  id: string;
  guildId: string;
  type: number;
  name: string;
  position: number;
  /** Category for a channel, parent channel for a thread. */
  parentId: string | null;
  /** May name a deleted message; for forum and media channels it is a thread id. */
  lastMessageId: string | null;
  /** Threads only. */
  archived: boolean;
  archiveTimestamp: string | null;
}

export interface MessageSummary {
  id: string;
  authorId: string;
  bot: boolean;
}

export type MessageCursor = { before?: string } | { after: string };

export interface ArchivedThreadPage {
  threads: ListedChannel[];
  hasMore: boolean;
}

/** Everything the exporter asks Discord. One implementation speaks REST; tests reach it over real HTTP. */
export interface DiscordApi {
  fetchBotUser(): Promise<{ id: string; username: string }>;
  fetchGuild(guildId: string): Promise<GuildInfo>;
  fetchGuildChannels(guildId: string): Promise<ListedChannel[]>;
  /** One channel or thread: tells a deleted channel (404) from one hidden from the bot (403). */
  fetchChannel(channelId: string, guildId: string): Promise<ListedChannel>;
  fetchActiveThreads(guildId: string): Promise<ListedChannel[]>;
  fetchArchivedThreads(
    channelId: string,
    visibility: "public" | "private",
    before: string | null,
  ): Promise<ArchivedThreadPage>;
  /** One page, newest-first as Discord sends it, at most 100 messages. */
  fetchMessagePage(channelId: string, cursor: MessageCursor, limit?: number): Promise<MessageSummary[]>;
  /**
   * Does this message exist? "absent" for Discord's 404 10008 (Unknown Message). Reading one message needs Read
   * Message History, which is what tells an empty page apart from a channel the bot cannot read (a 403).
   */
  probeMessage(channelId: string, messageId: string): Promise<MessagePresence>;
}

export type MessagePresence = "present" | "absent";
