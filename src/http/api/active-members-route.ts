// GET /api/v1/guilds/{guildId}/active-members/daily?from=&to=: distinct people who posted in the 1, 7 and 30 days
// ending on each day.
import type { Hono } from "hono";
import type { ActiveMembersDailyAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildRequest } from "./api-context.js";
import { checkDayRange } from "./params.js";

export function registerActiveMembersRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/active-members/daily", (c) => {
    const request = readGuildRequest(c, deps, ["from", "to"]);
    if (!request.ok) return request.response;
    const range = checkDayRange(request.query, deps.today());
    if (!range.ok) return answerError(c, 400, range.error);
    return answerJson(c, {
      guild_id: request.guild.id,
      from: range.value.from,
      to: range.value.to,
      days: deps.history.activeMembersPerDay(request.guild.id, range.value),
    } satisfies ActiveMembersDailyAnswer);
  });
}
