// GET /api/v1/guilds/{guildId}/messages/daily?from=&to=&channel=: messages per UTC day, people and bots apart.
import type { Hono } from "hono";
import { isThreadType } from "../../discord/channel-kinds.js";
import type { MessagesDailyAnswer } from "./answers.js";
import { type ApiDeps, answerJson, readDailyRequest } from "./api-context.js";

export function registerMessagesRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/messages/daily", (c) => {
    const request = readDailyRequest(c, deps, (channel) =>
      isThreadType(channel.type)
        ? `channel ${channel.id} is a thread: its messages count under its parent channel ${channel.parentId}`
        : null,
    );
    if (!request.ok) return request.response;
    const { range, channelId } = request;
    return answerJson(c, {
      guild_id: request.guild.id,
      ...(channelId === undefined ? {} : { channel_id: channelId }),
      from: range.from,
      to: range.to,
      days: deps.history.messagesPerDay(request.guild.id, range, channelId),
    } satisfies MessagesDailyAnswer);
  });
}
