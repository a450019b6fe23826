// The read-only JSON history API, mounted at /api/v1 (README "JSON API"). Answers are JSON, errors too.
import { Hono } from "hono";
import type { Logger } from "../../log.js";
import { registerActiveMembersRoute } from "./active-members-route.js";
import { type ApiDeps, answerError } from "./api-context.js";
import { registerChannelSourcesRoute } from "./channel-sources-route.js";
import { registerGuildsRoute } from "./guilds-route.js";
import { registerMembersRoute } from "./members-route.js";
import { registerMessagesRoute } from "./messages-route.js";
import { registerTopChannelsRoute } from "./top-channels-route.js";
import { registerVoiceRoutes } from "./voice-routes.js";

export type { ApiDeps } from "./api-context.js";

export function createApiRoutes(deps: ApiDeps, log: Logger): Hono {
  const api = new Hono();
  registerGuildsRoute(api, deps);
  registerMembersRoute(api, deps);
  registerMessagesRoute(api, deps);
  registerActiveMembersRoute(api, deps);
  registerTopChannelsRoute(api, deps);
  registerChannelSourcesRoute(api, deps);
  registerVoiceRoutes(api, deps);
  // The app's not-found handler answers text; a client of the API reads JSON.
  api.all("*", (c) => answerError(c, 404, `no such API route: ${c.req.method} ${c.req.path}`));
  api.onError((error, c) => {
    log.error({ err: error, path: c.req.path }, "API request failed");
    return answerError(c, 500, "internal error");
  });
  return api;
}
