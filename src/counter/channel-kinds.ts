// Every rule about which Discord channel types carry messages lives here, so adding a kind is one edit.
// https://discord.com/developers/docs/resources/channel#channel-object-channel-types
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

export function isCategoryType(type: number): boolean {
  return type === ChannelType.GuildCategory;
}

export function channelTypeName(type: number): string {
  switch (type) {
    case ChannelType.GuildText:
      return "text";
    case ChannelType.GuildVoice:
      return "voice";
    case ChannelType.GuildCategory:
      return "category";
    case ChannelType.GuildAnnouncement:
      return "announcement";
    case ChannelType.AnnouncementThread:
      return "announcement_thread";
    case ChannelType.PublicThread:
      return "public_thread";
    case ChannelType.PrivateThread:
      return "private_thread";
    case ChannelType.GuildStageVoice:
      return "stage";
    case ChannelType.GuildForum:
      return "forum";
    case ChannelType.GuildMedia:
      return "media";
    default:
      return `type_${type}`;
  }
}
