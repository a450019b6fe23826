// What every route of the JSON API shares: its reads, the answer's headers, and the checks before a guild's data.
import type { Context } from "hono";
import type { HistoryChannel, HistoryGuild, HistoryQueries } from "../../store/history-queries.js";
import type { VoiceHistory } from "../../store/voice-history.js";
import type { DayRange } from "../../charts/chart-data.js";
import { checkChannelId, checkDayRange, checkParameterNames, type QueryValues } from "./params.js";

export interface ApiDeps {
  history: HistoryQueries;
  /** Voice time and people (VOICE_ACTIVITY's tables). */
  voice: VoiceHistory;
  /** EXPORT_CHANNEL_NAMES: false answers channel names as null. */
  exportChannelNames: boolean;
  /** Today's UTC day (YYYY-MM-DD): where a range ends unless `to` says otherwise. */
  today: () => string;
}

/** The history changes with every sync, and behind basic auth no shared cache may keep it. */
const NO_STORE = { "Cache-Control": "no-store" };

export function answerJson(c: Context, body: unknown): Response {
  return c.json(body, 200, NO_STORE);
}

export function answerError(c: Context, status: 400 | 404 | 500, error: string): Response {
  return c.json({ error }, status, NO_STORE);
}

export type GuildRequest = { ok: true; guild: HistoryGuild; query: QueryValues } | { ok: false; response: Response };

/** The path's guild (404 when unknown) and the query, whose parameter names must all be in `allowed` (else 400). */
export function readGuildRequest(c: Context, deps: ApiDeps, allowed: readonly string[]): GuildRequest {
  const query = c.req.queries() as QueryValues;
  const names = checkParameterNames(query, allowed);
  if (names !== null) return { ok: false, response: answerError(c, 400, names) };
  const guildId = c.req.param("guildId") ?? "";
  const guild = deps.history.guild(guildId);
  if (guild === null) return { ok: false, response: answerError(c, 404, `unknown guild ${JSON.stringify(guildId)}`) };
  return { ok: true, guild, query };
}

export type GuildChannel = { ok: true; channel: HistoryChannel } | { ok: false; response: Response };

/** A channel of the request's guild: 404 when the database has no such channel in that guild. */
export function readGuildChannel(c: Context, deps: ApiDeps, guild: HistoryGuild, channelId: string): GuildChannel {
  const channel = deps.history.channel(channelId);
  if (channel === null || channel.guildId !== guild.id) {
    const error = `channel ${JSON.stringify(channelId)} is not a channel of guild ${guild.id}`;
    return { ok: false, response: answerError(c, 404, error) };
  }
  return { ok: true, channel };
}

export type DailyRequest =
  | { ok: true; guild: HistoryGuild; range: DayRange; channelId: string | undefined }
  | { ok: false; response: Response };

/**
 * A per-day route's request: the guild, `from`/`to`, and an optional `channel` of that guild, which `refuse` may turn
 * down with a 400 (its reason) when the route has nothing of that kind of channel.
 */
export function readDailyRequest(
  c: Context,
  deps: ApiDeps,
  refuse: (channel: HistoryChannel) => string | null,
): DailyRequest {
  const request = readGuildRequest(c, deps, ["from", "to", "channel"]);
  if (!request.ok) return request;
  const range = checkDayRange(request.query, deps.today());
  if (!range.ok) return { ok: false, response: answerError(c, 400, range.error) };
  const channelId = checkChannelId(request.query, "channel");
  if (!channelId.ok) return { ok: false, response: answerError(c, 400, channelId.error) };
  if (channelId.value !== undefined) {
    const found = readGuildChannel(c, deps, request.guild, channelId.value);
    if (!found.ok) return found;
    const refused = refuse(found.channel);
    if (refused !== null) return { ok: false, response: answerError(c, 400, refused) };
  }
  return { ok: true, guild: request.guild, range: range.value, channelId: channelId.value };
}
