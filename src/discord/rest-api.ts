// discord.js's REST client, imported from its own package: the whole of discord.js would cost ~12 MB more resident memory.
import { REST, type RESTOptions } from "@discordjs/rest";
import { Routes } from "discord-api-types/v10";
import { classifyDiscordError, DiscordRequestError } from "./errors.js";
import { createAdaptiveOffset } from "./rate-limit-offset.js";
import { type RawChannel, type RawMessage, toListedChannel, toMessageSummary } from "./rest-mapping.js";
import type {
  ArchivedThreadPage,
  DiscordApi,
  GuildInfo,
  MessageCursor,
  MessagePresence,
  MessageSummary,
} from "./types.js";

// https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes
const UNKNOWN_MESSAGE = 10008;

export interface RequestObserver {
  /** Every HTTP response, including the 429s and 5xx the client retries by itself. */
  onResponse?(route: string, method: string, status: number): void;
  onRateLimited?(route: string, scope: string, retryAfterMs: number): void;
}

export interface RestDiscordApiOptions {
  token: string;
  /** Base URL without the version, e.g. https://discord.com/api. */
  apiUrl: string;
  timeoutMs: number;
  /** Discord's global rate limit for this bot (50 unless Discord raised it). */
  globalRequestsPerSecond: number;
  observer?: RequestObserver;
  /** Extra options for tests and benchmarks (e.g. globalRequestsPerSecond). */
  rest?: Partial<RESTOptions>;
}

export function createRestDiscordApi(options: RestDiscordApiOptions): DiscordApi {
  const margin = createAdaptiveOffset();
  const rest: REST = new REST({
    api: options.apiUrl,
    version: "10",
    timeout: options.timeoutMs,
    globalRequestsPerSecond: options.globalRequestsPerSecond,
    // discord.js asks for the margin of a global wait with the same route as for the bucket's: its own counters tell.
    offset: (route: string): number =>
      margin.offsetFor(route, rest.globalRemaining <= 0 && Date.now() < rest.globalReset),
    // 5xx and network errors are retried by the REST client itself.
    retries: 3,
    ...options.rest,
  }).setToken(options.token);
  const observer = options.observer;
  rest.on("response", (request, response) => {
    margin.observe(request.route, response.status, response.headers.has("x-ratelimit-global"));
    observer?.onResponse?.(request.route, request.method, response.status);
  });
  if (observer?.onRateLimited) {
    rest.on("rateLimited", (info) => observer.onRateLimited?.(info.route, info.scope, info.retryAfter));
  }

  async function get<T>(what: string, route: `/${string}`, query?: URLSearchParams): Promise<T> {
    try {
      return (await rest.get(route, query ? { query } : {})) as T;
    } catch (error) {
      throw classifyDiscordError(error, what);
    }
  }

  return {
    async fetchBotUser() {
      const user = await get<{ id: string; username: string }>("token check", Routes.user("@me"));
      return { id: user.id, username: user.username };
    },
    async fetchGuild(guildId): Promise<GuildInfo> {
      const raw = await get<{
        id: string;
        name: string;
        approximate_member_count?: number;
        approximate_presence_count?: number;
      }>(`guild ${guildId}`, Routes.guild(guildId), new URLSearchParams({ with_counts: "true" }));
      return {
        id: raw.id,
        name: raw.name,
        memberCount: raw.approximate_member_count ?? null,
        presenceCount: raw.approximate_presence_count ?? null,
      };
    },
    async fetchGuildChannels(guildId) {
      const raw = await get<RawChannel[]>(`channels of guild ${guildId}`, Routes.guildChannels(guildId));
      return raw.map((channel) => toListedChannel(channel, guildId));
    },
    async fetchChannel(channelId, guildId) {
      const raw = await get<RawChannel>(`channel ${channelId}`, Routes.channel(channelId));
      return toListedChannel(raw, guildId);
    },
    async fetchActiveThreads(guildId) {
      const raw = await get<{ threads: RawChannel[] }>(
        `active threads of guild ${guildId}`,
        Routes.guildActiveThreads(guildId),
      );
      return raw.threads.map((thread) => toListedChannel(thread, guildId));
    },
    async fetchArchivedThreads(channelId, visibility, before): Promise<ArchivedThreadPage> {
      const query = new URLSearchParams({ limit: "100" });
      if (before) query.set("before", before);
      const raw = await get<{ threads: RawChannel[]; has_more?: boolean }>(
        `${visibility} archived threads of channel ${channelId}`,
        Routes.channelThreads(channelId, visibility),
        query,
      );
      return {
        threads: raw.threads.map((thread) => toListedChannel(thread, thread.guild_id ?? "")),
        hasMore: raw.has_more === true,
      };
    },
    async fetchMessagePage(channelId, cursor: MessageCursor, limit = 100): Promise<MessageSummary[]> {
      const query = new URLSearchParams({ limit: String(limit) });
      if ("after" in cursor) query.set("after", cursor.after);
      else if (cursor.before) query.set("before", cursor.before);
      const raw = await get<RawMessage[]>(`messages of channel ${channelId}`, Routes.channelMessages(channelId), query);
      return raw.map(toMessageSummary);
    },
    async probeMessage(channelId, messageId): Promise<MessagePresence> {
      try {
        await get<RawMessage>(
          `message ${messageId} of channel ${channelId}`,
          Routes.channelMessage(channelId, messageId),
        );
        return "present";
      } catch (error) {
        if (error instanceof DiscordRequestError && error.code === UNKNOWN_MESSAGE) return "absent";
        throw error;
      }
    },
  };
}
