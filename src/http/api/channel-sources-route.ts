// GET /api/v1/guilds/{guildId}/channels/{channelId}/sources/daily?from=&to=: one channel's messages per UTC day,
// split into those posted in the channel itself and those in its threads and forum posts.
import type { Hono } from "hono";
import { isThreadType } from "../../discord/channel-kinds.js";
import type { ChannelSourcesDailyAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildChannel, readGuildRequest } from "./api-context.js";
import { checkDayRange } from "./params.js";

export function registerChannelSourcesRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/channels/:channelId/sources/daily", (c) => {
    const request = readGuildRequest(c, deps, ["from", "to"]);
    if (!request.ok) return request.response;
    const found = readGuildChannel(c, deps, request.guild, c.req.param("channelId") ?? "");
    if (!found.ok) return found.response;
    const { channel } = found;
    if (isThreadType(channel.type)) {
      return answerError(c, 404, `channel ${channel.id} is a thread: it counts under its parent ${channel.parentId}`);
    }
    const range = checkDayRange(request.query, deps.today());
    if (!range.ok) return answerError(c, 400, range.error);
    return answerJson(c, {
      guild_id: request.guild.id,
      channel_id: channel.id,
      from: range.value.from,
      to: range.value.to,
      days: deps.history.channelSourcesPerDay(channel.id, range.value),
    } satisfies ChannelSourcesDailyAnswer);
  });
}
