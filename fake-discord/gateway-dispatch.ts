/**
 * World changes → the dispatches Discord sends for them, each with the intent a session needs to receive it.
 * Pure apart from reading the world; the gateway server routes the result to sessions (intents, shards).
 *
 * What the bot cannot see is not sent: messages and threads in channels without VIEW_CHANNEL, voice states in
 * channels it cannot view. Hidden channels themselves still travel, obfuscated (see serialize.ts).
 */

import {
  type ChannelPolicy,
  gatewayChannelJson,
  guildCreateJson,
  threadWithMemberJson,
  visibleActiveThreads,
} from "./gateway-payloads.js";
import { Intent } from "./gateway-protocol.js";
import {
  channelJson,
  type Json,
  type JsonObject,
  memberJson,
  messageJson,
  obfuscatedChannelJson,
  threadJson,
  threadMemberJson,
  userJson,
  voiceStateJson,
} from "./serialize.js";
import type { World } from "./world.js";
import type { WorldChange } from "./world-events.js";

export interface Dispatch {
  /** The guild the event belongs to (routes it to the right shard); null for events without one. */
  readonly guildId: string | null;
  readonly t: string;
  readonly d: Json;
  /** The intent bit a session must have identified with; 0 for events every session gets. */
  readonly intent: number;
}

/** MESSAGE_DELETE_BULK carries at most 100 ids, as the bulk-delete endpoint deletes at most 100. */
const BULK_DELETE_CHUNK = 100;

export function dispatchesFor(world: World, change: WorldChange, policy: ChannelPolicy): Dispatch[] {
  const guild = world.guild(change.guildId);
  // A guild the bot left sends nothing more (except the GUILD_DELETE telling it so).
  if (change.kind !== "guildRemoved" && guild?.access !== "member") return [];
  const guildId = change.guildId;
  const one = (t: string, d: Json, intent: number): Dispatch[] => [{ guildId, t, d, intent }];

  switch (change.kind) {
    case "guildAvailable":
      return one("GUILD_CREATE", guildCreateJson(world, guildId, policy), Intent.Guilds);
    case "guildRemoved":
      // No `unavailable` field: the bot was removed (an outage would say unavailable: true).
      return one("GUILD_DELETE", { id: guildId }, Intent.Guilds);

    case "messagesCreated": {
      if (!world.botCanView(change.channelId)) return [];
      const channel = world.channel(change.channelId);
      return change.ids.flatMap((id) => {
        const message = world.findMessage(change.channelId, id);
        if (message === null) return [];
        const d: JsonObject = { ...messageJson(message), guild_id: guildId, mentions: [] };
        if (channel !== undefined) d.channel_type = channel.type;
        if (world.isMember(guildId, message.author.id)) {
          const { user: _user, ...member } = memberJson(world, guildId, message.author);
          d.member = member;
        }
        return one("MESSAGE_CREATE", d, Intent.GuildMessages);
      });
    }
    case "messagesDeleted": {
      if (!world.botCanView(change.channelId)) return [];
      if (!change.bulk) {
        return change.ids.flatMap((id) =>
          one("MESSAGE_DELETE", { id, channel_id: change.channelId, guild_id: guildId }, Intent.GuildMessages),
        );
      }
      const out: Dispatch[] = [];
      for (let i = 0; i < change.ids.length; i += BULK_DELETE_CHUNK) {
        const ids = change.ids.slice(i, i + BULK_DELETE_CHUNK);
        out.push(
          ...one("MESSAGE_DELETE_BULK", { ids, channel_id: change.channelId, guild_id: guildId }, Intent.GuildMessages),
        );
      }
      return out;
    }

    case "channelCreated": {
      const channel = world.channel(change.channelId);
      if (channel === undefined) return [];
      return one("CHANNEL_CREATE", gatewayChannelJson(world, channel, policy), Intent.Guilds);
    }
    case "channelUpdated": {
      const channel = world.channel(change.channelId);
      if (channel === undefined) return [];
      const out = one("CHANNEL_UPDATE", gatewayChannelJson(world, channel, policy), Intent.Guilds);
      // "Sent when the current user gains access to a channel": all its active threads, and the bot's memberships.
      if (change.visible && (!change.wasVisible || change.threadsRevealed.length > 0)) {
        const threads = visibleActiveThreads(world, guildId, channel.id);
        out.push(
          ...one(
            "THREAD_LIST_SYNC",
            {
              guild_id: guildId,
              channel_ids: [channel.id],
              threads: threads.map((t) => threadJson(world, t)),
              members: threads.filter((t) => t.thread?.botIsMember).map((t) => threadMemberJson(t, world.botUser.id)),
            },
            Intent.Guilds,
          ),
        );
      }
      return out;
    }
    case "channelDeleted": {
      const channel = world.channel(change.channelId);
      if (channel === undefined) return [];
      if (channel.thread !== null) {
        if (!change.wasVisible) return [];
        const d = { id: channel.id, guild_id: guildId, parent_id: channel.parentId, type: channel.type };
        return one("THREAD_DELETE", d, Intent.Guilds);
      }
      const d =
        change.wasVisible || !policy.obfuscateHidden ? channelJson(world, channel) : obfuscatedChannelJson(channel);
      return one("CHANNEL_DELETE", d, Intent.Guilds);
    }

    case "threadCreated": {
      const thread = world.channel(change.threadId);
      if (thread === undefined || !world.botCanView(thread.id)) return [];
      return one("THREAD_CREATE", { ...threadWithMemberJson(world, thread), newly_created: true }, Intent.Guilds);
    }
    case "threadUpdated": {
      const thread = world.channel(change.threadId);
      if (thread === undefined || !world.botCanView(thread.id)) return [];
      return one("THREAD_UPDATE", threadJson(world, thread), Intent.Guilds);
    }
    case "threadMembership": {
      const thread = world.channel(change.threadId);
      if (thread === undefined || !(change.visible || change.wasVisible)) return [];
      const out: Dispatch[] = [];
      // Added to a private thread it could not see: THREAD_CREATE with its thread member object.
      if (change.joined && change.visible && !change.wasVisible) {
        out.push(...one("THREAD_CREATE", threadWithMemberJson(world, thread), Intent.Guilds));
      }
      const counts = world.threadCounts(thread.id);
      const d: JsonObject = { id: thread.id, guild_id: guildId, member_count: counts.memberCount };
      if (change.joined) {
        const member = {
          ...threadMemberJson(thread, world.botUser.id),
          member: memberJson(world, guildId, world.botUser),
        };
        d.added_members = [{ ...member, presence: null }];
      } else {
        d.removed_member_ids = [world.botUser.id];
      }
      // THREAD_MEMBERS_UPDATE about the bot itself needs no GUILD_MEMBERS (that intent adds other users).
      out.push(...one("THREAD_MEMBERS_UPDATE", d, Intent.Guilds));
      return out;
    }

    case "voiceState": {
      const seen = [change.before?.channelId, change.after?.channelId].some(
        (id) => id !== undefined && world.botCanView(id),
      );
      if (!seen) return [];
      const state = change.after ?? change.before;
      if (state === null) return [];
      const d = voiceStateJson(world, state, true);
      if (change.after === null) d.channel_id = null;
      return one("VOICE_STATE_UPDATE", d, Intent.GuildVoiceStates);
    }

    case "memberAdded": {
      const user = world.user(change.userId);
      if (user === undefined) return [];
      return one("GUILD_MEMBER_ADD", { ...memberJson(world, guildId, user), guild_id: guildId }, Intent.GuildMembers);
    }
    case "memberRemoved": {
      const user = world.user(change.userId);
      if (user === undefined) return [];
      return one("GUILD_MEMBER_REMOVE", { guild_id: guildId, user: userJson(user) }, Intent.GuildMembers);
    }
  }
}
