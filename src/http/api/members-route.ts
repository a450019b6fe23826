// GET /api/v1/guilds/{guildId}/members?from=&to=&max_points=: the member samples taken on those days.
import type { Hono } from "hono";
import { downsampleMinMax } from "../../charts/downsample.js";
import type { MemberPoint } from "../../charts/chart-data.js";
import { endOfUtcDayMs, startOfUtcDayMs } from "../../history/utc-days.js";
import type { MembersAnswer } from "./answers.js";
import { type ApiDeps, answerError, answerJson, readGuildRequest } from "./api-context.js";
import { checkCount, checkDayRange } from "./params.js";

/** max_points: at least what one bucket of min/max over two series needs, at most what a browser should draw. */
export const MAX_POINTS_BOUNDS = { min: 10, max: 100_000 } as const;

export function registerMembersRoute(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/members", (c) => {
    const request = readGuildRequest(c, deps, ["from", "to", "max_points"]);
    if (!request.ok) return request.response;
    const range = checkDayRange(request.query, deps.today());
    if (!range.ok) return answerError(c, 400, range.error);
    const maxPoints = checkCount(request.query, "max_points", MAX_POINTS_BOUNDS);
    if (!maxPoints.ok) return answerError(c, 400, maxPoints.error);
    const points = deps.history.memberPoints(request.guild.id, {
      fromMs: startOfUtcDayMs(range.value.from),
      // endOfUtcDayMs is the day's last whole second; a sample may come later within it.
      toMs: endOfUtcDayMs(range.value.to) + 999,
    });
    // The chart module's own downsampling (peaks kept), so a page asking for its chart's points gets exactly those.
    const shown =
      maxPoints.value === undefined
        ? points
        : downsampleMinMax<MemberPoint>(points, maxPoints.value, [(p) => p.members, (p) => p.online]);
    return answerJson(c, {
      guild_id: request.guild.id,
      from: range.value.from,
      to: range.value.to,
      samples: shown.map((p) => ({ time: new Date(p.at).toISOString(), members: p.members, online: p.online })),
    } satisfies MembersAnswer);
  });
}
