/**
 * The large gateway payloads built from the world: READY and GUILD_CREATE.
 * https://discord.com/developers/docs/events/gateway-events#ready and #guild-create
 */

import {
  channelJson,
  everyoneRoleJson,
  type Json,
  type JsonObject,
  memberJson,
  obfuscatedChannelJson,
  threadJson,
  threadMemberJson,
  userJson,
  voiceStateJson,
  guildJson,
} from "./serialize.js";
import { discordTimestamp, timeFromSnowflake } from "./snowflake.js";
import type { World } from "./world.js";
import type { ChannelView } from "./world-types.js";

/** How hidden channels travel: obfuscated (Discord from 2026-10-12) or in full (before). */
export interface ChannelPolicy {
  readonly obfuscateHidden: boolean;
}

export interface ReadyInput {
  readonly sessionId: string;
  readonly resumeGatewayUrl: string;
  readonly shard: readonly [number, number];
  readonly guildIds: readonly string[];
  readonly applicationFlags: number;
}

export function readyJson(world: World, input: ReadyInput): JsonObject {
  return {
    v: 10,
    user: { ...userJson(world.botUser), bot: true, verified: true, mfa_enabled: false, flags: 0, email: null },
    guilds: input.guildIds.map((id) => ({ id, unavailable: true })),
    session_id: input.sessionId,
    session_type: "normal",
    resume_gateway_url: input.resumeGatewayUrl,
    shard: [input.shard[0], input.shard[1]],
    application: { id: world.applicationId, flags: input.applicationFlags },
    private_channels: [],
    presences: [],
    relationships: [],
    guild_join_requests: [],
    user_settings: {},
    geo_ordered_rtc_regions: ["rotterdam", "frankfurt", "london", "madrid", "milan"],
    auth: {},
  };
}

/** A guild channel as the gateway shows it to the bot: in full when visible, else per the policy. */
export function gatewayChannelJson(world: World, channel: ChannelView, policy: ChannelPolicy): JsonObject {
  if (channel.thread !== null) return threadJson(world, channel);
  if (world.botCanView(channel.id) || !policy.obfuscateHidden) return channelJson(world, channel);
  return obfuscatedChannelJson(channel);
}

/** A thread with the bot's own thread-member object when it joined it (as GUILD_CREATE and THREAD_CREATE send). */
export function threadWithMemberJson(world: World, thread: ChannelView): JsonObject {
  const json = threadJson(world, thread);
  if (thread.thread?.botIsMember) json.member = threadMemberJson(thread, world.botUser.id);
  return json;
}

/** The active threads the bot can see under one channel (THREAD_LIST_SYNC) or in the whole guild (GUILD_CREATE). */
export function visibleActiveThreads(world: World, guildId: string, parentId?: string): ChannelView[] {
  return world
    .threads(guildId)
    .filter((t) => !t.thread?.archived && world.botCanView(t.id))
    .filter((t) => parentId === undefined || t.parentId === parentId);
}

/**
 * An available guild, with the caches discord.js builds from it: channels (no threads), active visible threads,
 * the @everyone role, voice states in channels the bot can see, and as members only the bot and the users in
 * those voice channels (what Discord sends without GUILD_PRESENCES).
 */
export function guildCreateJson(world: World, guildId: string, policy: ChannelPolicy): JsonObject {
  const guild = world.guild(guildId);
  if (guild === undefined) throw new Error(`unknown guild ${guildId}`);
  const voiceStates = world.voiceStates(guildId).filter((s) => world.botCanView(s.channelId));
  const memberIds = [world.botUser.id, ...voiceStates.map((s) => s.userId).filter((id) => id !== world.botUser.id)];
  const members: Json[] = [];
  for (const id of new Set(memberIds)) {
    const user = world.user(id);
    if (user !== undefined) members.push(memberJson(world, guildId, user));
  }
  const base = guildJson(guild, false);
  return {
    ...base,
    roles: [everyoneRoleJson(guild)],
    joined_at: discordTimestamp(world.memberJoinedAt(guildId, world.botUser.id) ?? timeFromSnowflake(guildId)),
    large: guild.memberCount > 50,
    unavailable: false,
    member_count: guild.memberCount,
    channels: world.channels(guildId).map((c) => gatewayChannelJson(world, c, policy)),
    threads: visibleActiveThreads(world, guildId).map((t) => threadWithMemberJson(world, t)),
    voice_states: voiceStates.map((s) => voiceStateJson(world, s, false)),
    members,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    embedded_activities: [],
    application_command_counts: {},
  };
}
