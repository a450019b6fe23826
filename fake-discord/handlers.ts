/** Endpoint handlers of the world's resources: world + request → JSON, or an ApiError with Discord's error body. */

import {
  invalidFormBody,
  missingAccess,
  unknownChannel,
  unknownGuild,
  unknownMessage,
  wrongChannelType,
} from "./errors.js";
import type { HandlerContext, Handlers } from "./handler-context.js";
import type { PageQuery } from "./message-store.js";
import { isTrue, parseIsoTimestamp, parseLimit, parseSnowflake } from "./query.js";
import {
  anyChannelJson,
  channelJson,
  guildJson,
  type Json,
  messageJson,
  partialGuildJson,
  threadJson,
  threadMemberJson,
  userJson,
} from "./serialize.js";
import type { World } from "./world.js";
import type { ChannelView, GuildView } from "./world-types.js";

export type WorldRouteName =
  | "me"
  | "myGuilds"
  | "myApplication"
  | "gatewayBot"
  | "guild"
  | "guildChannels"
  | "guildActiveThreads"
  | "channel"
  | "channelMessages"
  | "channelMessage"
  | "archivedPublicThreads"
  | "archivedPrivateThreads";

export const WORLD_HANDLERS: Handlers<WorldRouteName> = {
  me: ({ world }) => ({ ...userJson(world.botUser), bot: true, flags: 0 }),

  myApplication: ({ world }) => ({
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    bot_public: true,
    bot_require_code_grant: false,
    bot: { ...userJson(world.botUser), bot: true },
    flags: 0,
    approximate_guild_count: world.guilds().filter((g) => g.access === "member").length,
    verify_key: "0".repeat(64),
    team: null,
    owner: null,
  }),

  myGuilds: ({ world, query }) => {
    const limit = parseLimit(query, 200, 1, 200);
    const after = parseSnowflake(query, "after");
    const before = parseSnowflake(query, "before");
    const withCounts = isTrue(query, "with_counts");
    let guilds = world
      .guilds()
      .filter((g) => g.access === "member")
      .sort((a, b) => compareIds(a.id, b.id));
    if (after !== null) guilds = guilds.filter((g) => BigInt(g.id) > after);
    if (before !== null) guilds = guilds.filter((g) => BigInt(g.id) < before).slice(-limit);
    return guilds.slice(0, limit).map((g) => partialGuildJson(g, withCounts));
  },

  // The fake's own gateway, on the host the client used to reach the REST API (works inside docker too).
  gatewayBot: ({ services, headers }) => ({
    url: services.gatewayUrl(headers.host),
    shards: 1,
    session_start_limit: services.sessionStartLimit(),
  }),

  // Since 2023 Discord answers 10004 both for unknown guilds and for guilds the bot is not in.
  guild: ({ world, params, query }) => {
    const guild = world.guild(params[0] ?? "");
    if (guild === undefined || guild.access !== "member") throw unknownGuild();
    return guildJson(guild, isTrue(query, "with_counts"));
  },

  // Channels without threads; those the bot cannot view are omitted (Discord, since 2026-10-12).
  guildChannels: ({ world, params }) => {
    const guild = requireGuild(world, params[0] ?? "");
    return world
      .channels(guild.id)
      .filter((c) => world.botCanView(c.id))
      .map((c) => channelJson(world, c));
  },

  guildActiveThreads: ({ world, params }) => {
    const guild = requireGuild(world, params[0] ?? "");
    const threads = world.threads(guild.id).filter((t) => !t.thread?.archived && world.botCanView(t.id));
    return threadList(world, threads, null);
  },

  channel: ({ world, params }) => anyChannelJson(world, requireChannel(world, params[0] ?? "")),

  channelMessages: ({ world, params, query }) => {
    const channel = requireChannel(world, params[0] ?? "");
    const page = parsePageQuery(query);
    requireConnect(channel);
    // Without READ_MESSAGE_HISTORY Discord answers 200 [] — an empty page does not prove an empty channel.
    // Categories, forums and media channels hold no messages.
    if (!world.botCanReadHistory(channel.id)) return [];
    return world.readMessages(channel.id, page).map(messageJson);
  },

  channelMessage: ({ world, params }) => {
    const channel = requireChannel(world, params[0] ?? "");
    requireConnect(channel);
    if (!world.botCanReadHistory(channel.id)) throw missingAccess();
    const message = world.findMessage(channel.id, params[1] ?? "");
    if (message === null) throw unknownMessage();
    return messageJson(message);
  },

  archivedPublicThreads: (ctx) => archivedThreads(ctx, false),
  archivedPrivateThreads: (ctx) => archivedThreads(ctx, true),
};

/**
 * GET /channels/{id}/threads/archived/{public|private}: archived threads ordered by archive_timestamp
 * descending, only those archived strictly before `before` (ISO 8601). Needs READ_MESSAGE_HISTORY; the
 * private list also needs MANAGE_THREADS.
 */
function archivedThreads({ world, params, query }: HandlerContext, privateOnes: boolean): Json {
  const channel = requireChannel(world, params[0] ?? "");
  if (![0, 5, 15, 16].includes(channel.type)) throw wrongChannelType();
  const before = parseIsoTimestamp(query, "before") ?? Number.POSITIVE_INFINITY;
  const limit = parseLimit(query, 50, 1, 100);
  if (!world.botCanReadHistory(channel.id)) throw missingAccess();
  if (privateOnes && !channel.canManageThreads) throw missingAccess();
  const matching = world
    .threads(channel.guildId)
    .filter((t) => t.parentId === channel.id && t.thread !== null && t.thread.archived)
    .filter((t) => (privateOnes ? t.type === 12 : t.type !== 12))
    .filter((t) => (t.thread?.archiveTimestampMs ?? 0) < before)
    .sort(
      (a, b) => (b.thread?.archiveTimestampMs ?? 0) - (a.thread?.archiveTimestampMs ?? 0) || compareIds(b.id, a.id),
    );
  return threadList(world, matching.slice(0, limit), matching.length > limit);
}

function threadList(world: World, threads: readonly ChannelView[], hasMore: boolean | null): Json {
  const members = threads.filter((t) => t.thread?.botIsMember).map((t) => threadMemberJson(t, world.botUser.id));
  const json: { [key: string]: Json } = { threads: threads.map((t) => threadJson(world, t)), members };
  if (hasMore !== null) json.has_more = hasMore;
  return json;
}

/** limit 1–100 (default 50) and at most one of before/after/around. */
function parsePageQuery(query: URLSearchParams): PageQuery {
  const limit = parseLimit(query, 50, 1, 100);
  const cursors = (["before", "after", "around"] as const)
    .map((mode) => ({ mode, id: parseSnowflake(query, mode) }))
    .filter((c): c is { mode: "before" | "after" | "around"; id: bigint } => c.id !== null);
  const [cursor, extra] = cursors;
  if (extra !== undefined) {
    throw invalidFormBody(extra.mode, "BASE_TYPE_BAD_VALUE", "Only one of before, after and around may be given.");
  }
  return cursor === undefined ? { mode: "newest", limit } : { mode: cursor.mode, id: cursor.id, limit };
}

/** A guild the bot is in: deleted/unknown → 404 10004, kicked → 403 50001. */
function requireGuild(world: World, guildId: string): GuildView {
  const guild = world.guild(guildId);
  if (guild === undefined || guild.access === "deleted") throw unknownGuild();
  if (guild.access === "kicked") throw missingAccess();
  return guild;
}

/** A channel or thread the bot can view: unknown/deleted → 404 10003, not viewable → 403 50001. */
function requireChannel(world: World, channelId: string): ChannelView {
  const channel = world.channel(channelId);
  if (channel === undefined || channel.deleted) throw unknownChannel();
  const guild = world.guild(channel.guildId);
  if (guild === undefined || guild.access === "deleted") throw unknownChannel();
  if (!world.botCanView(channel.id)) throw missingAccess();
  return channel;
}

/** Reading a voice or stage channel's chat needs CONNECT as well as VIEW_CHANNEL. */
function requireConnect(channel: ChannelView): void {
  if ((channel.type === 2 || channel.type === 13) && !channel.canConnect) throw missingAccess();
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
