// Every rule about which Discord channel types carry messages lives here, so adding a kind is one edit.
// https://discord.com/developers/docs/resources/channel#channel-object-channel-types
import { ChannelType } from "discord-api-types/v10";

export { ChannelType };

const MESSAGE_CHANNEL_TYPES: ReadonlySet<number> = new Set([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  // Voice and stage channels have a text chat of their own.
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
]);

const THREAD_TYPES: ReadonlySet<number> = new Set([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);

// Forum and media channels hold no messages themselves, only threads (posts); their last_message_id is a thread id.
const THREAD_ONLY_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

/** Types whose chat people join by voice: sessions are counted there. */
const VOICE_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildVoice, ChannelType.GuildStageVoice]);

export function isThreadType(type: number): boolean {
  return THREAD_TYPES.has(type);
}

/** Does a channel of this type hold messages we page through? */
export function hasOwnMessages(type: number): boolean {
  return MESSAGE_CHANNEL_TYPES.has(type) || THREAD_TYPES.has(type);
}

/** Can this channel be the parent of threads (whose messages are summed under it)? */
export function canHoldThreads(type: number): boolean {
  return type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement || THREAD_ONLY_TYPES.has(type);
}

/** Forum and media channels: their "messages" are posts, each a thread. */
export function isThreadOnlyType(type: number): boolean {
  return THREAD_ONLY_TYPES.has(type);
}

export function isVoiceType(type: number): boolean {
  return VOICE_TYPES.has(type);
}

export function isCategoryType(type: number): boolean {
  return type === ChannelType.GuildCategory;
}

const TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [ChannelType.GuildText, "text"],
  [ChannelType.GuildVoice, "voice"],
  [ChannelType.GuildCategory, "category"],
  [ChannelType.GuildAnnouncement, "announcement"],
  [ChannelType.AnnouncementThread, "announcement_thread"],
  [ChannelType.PublicThread, "public_thread"],
  [ChannelType.PrivateThread, "private_thread"],
  [ChannelType.GuildStageVoice, "stage"],
  [ChannelType.GuildForum, "forum"],
  [ChannelType.GuildMedia, "media"],
]);

/** The channel_type label: stable words, since dashboards filter on them. */
export function channelTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `type_${type}`;
}
