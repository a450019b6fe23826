/**
 * A small Hono app shaped like the exporter's (src/http/app.ts): the landing page, /metrics, a JSON API route,
 * /healthz whose failure names a reason, and a not-found handler. The web security middleware goes in front.
 */
import { Hono, type MiddlewareHandler } from "hono";

export const ROUTES = {
  "/": "<h1>discord-exporter</h1>",
  "/metrics": "discord_guild_members 42\n",
  "/api/v1/guilds": '{"guilds":[{"id":"1"}]}',
} as const;
export const PROTECTED_PATHS = Object.keys(ROUTES) as (keyof typeof ROUTES)[];

export interface TestApp {
  readonly app: Hono;
  /** null: healthy; otherwise the reason /healthz gives (to those allowed to see it). */
  unhealthy: string | null;
}

export function createTestApp(middleware: readonly MiddlewareHandler[]): TestApp {
  const state: TestApp = { app: new Hono(), unhealthy: null };
  const app = state.app;
  app.use("*", ...middleware);
  app.get("/", (c) => c.html(ROUTES["/"]));
  app.get("/metrics", (c) => c.text(ROUTES["/metrics"]));
  app.get("/api/v1/guilds", (c) => c.body(ROUTES["/api/v1/guilds"], 200, { "Content-Type": "application/json" }));
  app.get("/healthz", (c) => {
    c.header("X-Database", "/data/discord-exporter.db");
    return state.unhealthy === null ? c.text("ok\n") : c.text(`unhealthy: ${state.unhealthy}\n`, 503);
  });
  app.notFound((c) => c.text("not found: try /metrics\n", 404));
  return state;
}
