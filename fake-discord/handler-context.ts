/** What a route handler gets and returns: the world, the fake's services, the parsed request. */

import type { RequestBody } from "./body.js";
import type { CommandRegistry } from "./commands.js";
import type { InteractionRegistry } from "./interactions.js";
import type { RouteName } from "./routes.js";
import type { Json } from "./serialize.js";
import type { World } from "./world.js";

export interface Services {
  readonly commands: CommandRegistry;
  readonly interactions: InteractionRegistry;
  /** The gateway URL for a request's Host header. */
  gatewayUrl(host: string | undefined): string;
  /** GET /gateway/bot's session_start_limit. */
  sessionStartLimit(): { total: number; remaining: number; reset_after: number; max_concurrency: number };
}

export interface HandlerContext {
  readonly world: World;
  readonly services: Services;
  /** Values of the route's ":id" and ":token" segments, in order. */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly body: RequestBody;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** A non-200 answer (201, 204 without a body...). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: Json | null = null,
  ) {}
}

export type HandlerResult = Json | Reply;
export type Handler = (ctx: HandlerContext) => HandlerResult;
export type Handlers<N extends RouteName> = Record<N, Handler>;

/** Discord's boolean query strings: "true", "True" or "1". https://discord.com/developers/docs/reference#boolean-query-strings */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === "true" || value === "True" || value === "1";
}
