// GET /api/v1/guilds/{guildId}/channels/top?from=&to=&limit=: the busiest channels over the range.
import type { Hono } from "hono";
import type { TopChannelsAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildRequest } from "./api-context.js";
import { checkCount, checkDayRange } from "./params.js";

export const TOP_LIMIT_DEFAULT = 10;
export const TOP_LIMIT_BOUNDS = { min: 1, max: 100 } as const;

export function registerTopChannelsRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/channels/top", (c) => {
    const request = readGuildRequest(c, deps, ["from", "to", "limit"]);
    if (!request.ok) return request.response;
    const range = checkDayRange(request.query, deps.today());
    if (!range.ok) return answerError(c, 400, range.error);
    const limit = checkCount(request.query, "limit", TOP_LIMIT_BOUNDS);
    if (!limit.ok) return answerError(c, 400, limit.error);
    const channels = deps.history.topChannels(request.guild.id, range.value, limit.value ?? TOP_LIMIT_DEFAULT);
    return answerJson(c, {
      guild_id: request.guild.id,
      from: range.value.from,
      to: range.value.to,
      channels: channels.map((channel) => ({
        channel_id: channel.channelId,
        name: deps.exportChannelNames ? channel.name : null,
        human: channel.human,
        bot: channel.bot,
      })),
    } satisfies TopChannelsAnswer);
  });
}
