// GET /api/v1/guilds/{guildId}/channels/top?from=&to=&limit=: the busiest channels over the range.
import type { Context, Hono } from "hono";
import type { DayRange } from "../../charts/chart-data.js";
import type { HistoryGuild } from "../../store/history-queries.js";
import type { TopChannelsAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildRequest } from "./api-context.js";
import { checkCount, checkDayRange } from "./params.js";

const TOP_LIMIT_DEFAULT = 10;
const TOP_LIMIT_BOUNDS = { min: 1, max: 100 } as const;

export type TopListRequest =
  | { ok: true; guild: HistoryGuild; range: DayRange; limit: number }
  | { ok: false; response: Response };

/** A top list's request (the channels', the voice channels'): the guild, `from`/`to` and `limit` (1-100, default 10). */
export function readTopListRequest(c: Context, deps: ApiDeps): TopListRequest {
  const request = readGuildRequest(c, deps, ["from", "to", "limit"]);
  if (!request.ok) return request;
  const range = checkDayRange(request.query, deps.today());
  if (!range.ok) return { ok: false, response: answerError(c, 400, range.error) };
  const limit = checkCount(request.query, "limit", TOP_LIMIT_BOUNDS);
  if (!limit.ok) return { ok: false, response: answerError(c, 400, limit.error) };
  return { ok: true, guild: request.guild, range: range.value, limit: limit.value ?? TOP_LIMIT_DEFAULT };
}

export function registerTopChannelsRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/channels/top", (c) => {
    const request = readTopListRequest(c, deps);
    if (!request.ok) return request.response;
    const channels = deps.history.topChannels(request.guild.id, request.range, request.limit);
    return answerJson(c, {
      guild_id: request.guild.id,
      from: request.range.from,
      to: request.range.to,
      channels: channels.map((channel) => ({
        channel_id: channel.channelId,
        name: deps.exportChannelNames ? channel.name : null,
        human: channel.human,
        bot: channel.bot,
      })),
    } satisfies TopChannelsAnswer);
  });
}
