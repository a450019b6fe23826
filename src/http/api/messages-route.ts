// GET /api/v1/guilds/{guildId}/messages/daily?from=&to=&channel=: messages per UTC day, people and bots apart.
import type { Hono } from "hono";
import { isThreadType } from "../../discord/channel-kinds.js";
import type { MessagesDailyAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildChannel, readGuildRequest } from "./api-context.js";
import { checkChannelId, checkDayRange } from "./params.js";

export function registerMessagesRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/messages/daily", (c) => {
    const request = readGuildRequest(c, deps, ["from", "to", "channel"]);
    if (!request.ok) return request.response;
    const range = checkDayRange(request.query, deps.today());
    if (!range.ok) return answerError(c, 400, range.error);
    const channelId = checkChannelId(request.query, "channel");
    if (!channelId.ok) return answerError(c, 400, channelId.error);
    if (channelId.value !== undefined) {
      const found = readGuildChannel(c, deps, request.guild, channelId.value);
      if (!found.ok) return found.response;
      const { channel } = found;
      if (isThreadType(channel.type)) {
        return answerError(
          c,
          400,
          `channel ${channel.id} is a thread: its messages count under its parent channel ${channel.parentId}`,
        );
      }
    }
    return answerJson(c, {
      guild_id: request.guild.id,
      ...(channelId.value === undefined ? {} : { channel_id: channelId.value }),
      from: range.value.from,
      to: range.value.to,
      days: deps.history.messagesPerDay(request.guild.id, range.value, channelId.value),
    } satisfies MessagesDailyAnswer);
  });
}
