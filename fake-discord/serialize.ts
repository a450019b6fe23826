/** JSON shapes of Discord objects, built from world records (snake_case, ids as strings). */

import { botOverwrite, EVERYONE_PERMISSIONS } from "./permissions.js";
import { discordTimestamp, timeFromSnowflake } from "./snowflake.js";
import type { VoiceStateRecord } from "./voice-state.js";
import type { World } from "./world.js";
import type { ChannelView, GuildView, MessageView, UserRecord } from "./world-types.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Threads created before this date carry no `create_timestamp` (Discord's documented rule). */
const CREATE_TIMESTAMP_SINCE_MS = Date.UTC(2022, 0, 9);

export function userJson(user: UserRecord): JsonObject {
  const json: JsonObject = {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: null,
    avatar: null,
  };
  if (user.bot) json.bot = true;
  return json;
}

/** Content is empty: the exporter has no MESSAGE_CONTENT intent, and counts never need it. */
export function messageJson(message: MessageView): JsonObject {
  return {
    id: message.id,
    channel_id: message.channelId,
    type: 0,
    content: "",
    author: userJson(message.author),
    timestamp: discordTimestamp(timeFromSnowflake(message.id)),
    edited_timestamp: null,
    attachments: [],
    embeds: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    components: [],
    pinned: false,
    tts: false,
    flags: 0,
  };
}

export function guildJson(guild: GuildView, withCounts: boolean): JsonObject {
  const json: JsonObject = {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    premium_tier: 0,
    preferred_locale: guild.preferredLocale,
    nsfw_level: 0,
  };
  if (withCounts) {
    json.approximate_member_count = guild.memberCount;
    json.approximate_presence_count = guild.presenceCount;
  }
  return json;
}

/** GET /users/@me/guilds entries (partial guilds). */
export function partialGuildJson(guild: GuildView, withCounts: boolean): JsonObject {
  const json: JsonObject = { id: guild.id, name: guild.name, icon: null, owner: false, permissions: "0", features: [] };
  if (withCounts) {
    json.approximate_member_count = guild.memberCount;
    json.approximate_presence_count = guild.presenceCount;
  }
  return json;
}

/** A guild channel (not a thread). Categories carry no last_message_id, as on Discord. */
export function channelJson(world: World, channel: ChannelView): JsonObject {
  const json: JsonObject = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: permissionOverwrites(world, channel),
    nsfw: false,
    flags: 0,
  };
  if (channel.type !== 4) {
    json.last_message_id = world.lastMessageId(channel.id);
    json.rate_limit_per_user = 0;
  }
  if (channel.type === 0 || channel.type === 5 || channel.type === 15 || channel.type === 16) json.topic = null;
  if (channel.type === 2 || channel.type === 13) {
    json.bitrate = 64000;
    json.user_limit = 0;
    json.rtc_region = null;
  }
  if (channel.type === 15 || channel.type === 16) {
    json.available_tags = [];
    json.default_reaction_emoji = null;
  }
  return json;
}

export function threadJson(world: World, thread: ChannelView): JsonObject {
  const state = thread.thread;
  if (state === null) throw new Error(`${thread.id} is not a thread`);
  const counts = world.threadCounts(thread.id);
  const metadata: JsonObject = {
    archived: state.archived,
    archive_timestamp: discordTimestamp(state.archiveTimestampMs),
    auto_archive_duration: state.autoArchiveDuration,
    locked: state.locked,
  };
  if (state.createdAtMs >= CREATE_TIMESTAMP_SINCE_MS) metadata.create_timestamp = discordTimestamp(state.createdAtMs);
  if (thread.type === 12) metadata.invitable = true;
  const json: JsonObject = {
    id: thread.id,
    type: thread.type,
    guild_id: thread.guildId,
    parent_id: thread.parentId,
    name: thread.name,
    owner_id: state.ownerId,
    last_message_id: world.lastMessageId(thread.id),
    message_count: counts.messageCount,
    total_message_sent: counts.totalMessageSent,
    member_count: counts.memberCount,
    rate_limit_per_user: 0,
    flags: 0,
    thread_metadata: metadata,
  };
  if (state.starterMessageId !== null) json.applied_tags = [];
  return json;
}

export function anyChannelJson(world: World, channel: ChannelView): JsonObject {
  return channel.thread === null ? channelJson(world, channel) : threadJson(world, channel);
}

/** The bot's own thread-member object, listed in `members` of the thread list endpoints. */
export function threadMemberJson(thread: ChannelView, botId: string): JsonObject {
  return {
    id: thread.id,
    user_id: botId,
    join_timestamp: discordTimestamp(thread.thread?.createdAtMs ?? thread.createdAtMs),
    flags: 1,
  };
}

/** The bot's member overwrite, when the world's permission flags differ from @everyone's. */
function permissionOverwrites(world: World, channel: ChannelView): Json[] {
  const { allow, deny } = botOverwrite(channel);
  if (allow === 0n && deny === 0n) return [];
  return [{ id: world.botUser.id, type: 1, allow: allow.toString(), deny: deny.toString() }];
}

/** Discord's CHANNEL_OBFUSCATED channel flag (1 << 17). */
export const CHANNEL_OBFUSCATED = 1 << 17;

/**
 * A channel the bot cannot view, as the gateway sends it since Discord's channel obfuscation (mandatory from
 * 2026-10-12; the same change that drops such channels from GET /guilds/{id}/channels): id, type, position and
 * parent_id kept, the name "___hidden___", one overwrite denying VIEW_CHANNEL to @everyone, flag 1 << 17.
 * https://github.com/discord/discord-api-docs/blob/anthony/channel-obfuscation/developers/resources/channel.mdx
 */
export function obfuscatedChannelJson(channel: ChannelView): JsonObject {
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: "___hidden___",
    position: channel.position,
    parent_id: channel.parentId,
    permission_overwrites: [{ id: channel.guildId, type: 0, allow: "0", deny: String(1 << 10) }],
    nsfw: false,
    topic: null,
    last_message_id: null,
    flags: CHANNEL_OBFUSCATED,
  };
}

/** The guild's @everyone role (its id is the guild's id), which discord.js needs to compute permissions. */
export function everyoneRoleJson(guild: GuildView): JsonObject {
  return {
    id: guild.id,
    name: "@everyone",
    description: null,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: 0,
    permissions: EVERYONE_PERMISSIONS.toString(),
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

/** A guild member object (roles: none beyond @everyone, which is implicit). */
export function memberJson(world: World, guildId: string, user: UserRecord): JsonObject {
  const joinedAt = world.memberJoinedAt(guildId, user.id) ?? timeFromSnowflake(guildId);
  return {
    user: userJson(user),
    nick: null,
    avatar: null,
    banner: null,
    roles: [],
    joined_at: discordTimestamp(joinedAt),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** A voice state; GUILD_CREATE's voice_states lack `guild_id` and `member` (Discord's partial voice state). */
export function voiceStateJson(world: World, state: VoiceStateRecord, full: boolean): JsonObject {
  const json: JsonObject = {
    channel_id: state.channelId,
    user_id: state.userId,
    session_id: state.sessionId,
    deaf: false,
    mute: false,
    self_deaf: state.selfDeaf,
    self_mute: state.selfMute,
    self_video: state.selfVideo,
    self_stream: false,
    suppress: state.suppress,
    request_to_speak_timestamp: null,
  };
  if (full) {
    json.guild_id = state.guildId;
    const user = world.user(state.userId);
    if (user !== undefined) json.member = memberJson(world, state.guildId, user);
  }
  return json;
}
