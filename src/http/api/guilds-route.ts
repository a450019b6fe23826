// GET /api/v1/guilds: every guild the database knows, with its latest counts and where its history begins.
import type { Hono } from "hono";
import type { GuildsAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson } from "./api-context.js";
import { checkParameterNames, type QueryValues } from "./params.js";

export function registerGuildsRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds", (c) => {
    const names = checkParameterNames(c.req.queries() as QueryValues, []);
    if (names !== null) return answerError(c, 400, names);
    return answerJson(c, {
      guilds: deps.history.guilds().map((guild) => ({
        guild_id: guild.id,
        name: guild.name,
        members: guild.memberCount,
        online: guild.presenceCount,
        status: guild.status,
        last_success_at: guild.lastSuccessAt === null ? null : new Date(guild.lastSuccessAt).toISOString(),
        first_day: guild.firstDay,
      })),
    } satisfies GuildsAnswer);
  });
}
