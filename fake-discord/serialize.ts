/** JSON shapes of Discord objects, built from world records (snake_case, ids as strings). */

import { discordTimestamp, timeFromSnowflake } from "./snowflake.js";
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
    preferred_locale: "en-US",
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
    permission_overwrites: [],
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
