/**
 * The route table: which templates exist with which methods, how a path matches one, and the major parameter
 * that Discord (and @discordjs/rest) key rate-limit buckets by.
 */

export type RouteName =
  | "me"
  | "myGuilds"
  | "myApplication"
  | "gatewayBot"
  | "guild"
  | "guildChannels"
  | "guildActiveThreads"
  | "channel"
  | "channelMessages"
  | "channelMessage"
  | "archivedPublicThreads"
  | "archivedPrivateThreads"
  | "globalCommands"
  | "overwriteGlobalCommands"
  | "guildCommands"
  | "overwriteGuildCommands"
  | "interactionCallback"
  | "getOriginal"
  | "editOriginal"
  | "deleteOriginal"
  | "createFollowup"
  | "getFollowup"
  | "editFollowup"
  | "deleteFollowup";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteDef {
  readonly name: RouteName;
  readonly method: HttpMethod;
  /**
   * Template as logged and bucketed: ids as ":id" (like @discordjs/rest's bucketRoute), an interaction or
   * webhook token as ":token" (it is a secret: the log never holds it).
   */
  readonly template: string;
  /** Interaction and webhook routes are authorised by the token in the path, not a bot token. */
  readonly auth?: "bot" | "none";
  /** Interaction routes are not bound to the global rate limit (Discord's docs say so). */
  readonly global?: boolean;
}

const TOKEN_ROUTE = { auth: "none", global: false } as const;

export const ROUTES: readonly RouteDef[] = [
  { name: "me", method: "GET", template: "/users/@me" },
  { name: "myGuilds", method: "GET", template: "/users/@me/guilds" },
  { name: "myApplication", method: "GET", template: "/applications/@me" },
  { name: "gatewayBot", method: "GET", template: "/gateway/bot" },
  { name: "guild", method: "GET", template: "/guilds/:id" },
  { name: "guildChannels", method: "GET", template: "/guilds/:id/channels" },
  { name: "guildActiveThreads", method: "GET", template: "/guilds/:id/threads/active" },
  { name: "channel", method: "GET", template: "/channels/:id" },
  { name: "channelMessages", method: "GET", template: "/channels/:id/messages" },
  { name: "channelMessage", method: "GET", template: "/channels/:id/messages/:id" },
  { name: "archivedPublicThreads", method: "GET", template: "/channels/:id/threads/archived/public" },
  { name: "archivedPrivateThreads", method: "GET", template: "/channels/:id/threads/archived/private" },
  { name: "globalCommands", method: "GET", template: "/applications/:id/commands" },
  { name: "overwriteGlobalCommands", method: "PUT", template: "/applications/:id/commands" },
  { name: "guildCommands", method: "GET", template: "/applications/:id/guilds/:id/commands" },
  { name: "overwriteGuildCommands", method: "PUT", template: "/applications/:id/guilds/:id/commands" },
  { name: "interactionCallback", method: "POST", template: "/interactions/:id/:token/callback", ...TOKEN_ROUTE },
  { name: "getOriginal", method: "GET", template: "/webhooks/:id/:token/messages/@original", ...TOKEN_ROUTE },
  { name: "editOriginal", method: "PATCH", template: "/webhooks/:id/:token/messages/@original", ...TOKEN_ROUTE },
  { name: "deleteOriginal", method: "DELETE", template: "/webhooks/:id/:token/messages/@original", ...TOKEN_ROUTE },
  { name: "createFollowup", method: "POST", template: "/webhooks/:id/:token", ...TOKEN_ROUTE },
  { name: "getFollowup", method: "GET", template: "/webhooks/:id/:token/messages/:id", ...TOKEN_ROUTE },
  { name: "editFollowup", method: "PATCH", template: "/webhooks/:id/:token/messages/:id", ...TOKEN_ROUTE },
  { name: "deleteFollowup", method: "DELETE", template: "/webhooks/:id/:token/messages/:id", ...TOKEN_ROUTE },
];

export interface RouteMatch {
  readonly route: RouteDef;
  /** Values of the ":id" and ":token" segments, in order. */
  readonly params: readonly string[];
}

/** Interaction tokens are long URL-safe strings; webhook tokens too. */
const TOKEN_SEGMENT = /^[A-Za-z0-9_.-]{1,512}$/;

/**
 * Every route whose template matches a decoded path (without the /api/v10 prefix), whatever the method, so
 * the caller can tell 404 from 405. ":id" matches digits only: anything else is not a route.
 */
export function matchPath(segments: readonly string[]): RouteMatch[] {
  const out: RouteMatch[] = [];
  for (const route of ROUTES) {
    const parts = route.template.split("/").slice(1);
    if (parts.length !== segments.length) continue;
    const params: string[] = [];
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i];
      const segment = segments[i] ?? "";
      if (part === ":id") {
        ok = /^\d{1,20}$/.test(segment);
        params.push(segment);
      } else if (part === ":token") {
        ok = TOKEN_SEGMENT.test(segment);
        params.push(segment);
      } else {
        ok = part === segment;
      }
    }
    if (ok) out.push({ route, params });
  }
  return out;
}

/** The route for a method and path: the match, "method" when only other methods exist there, or null. */
export function matchRoute(method: string, segments: readonly string[]): RouteMatch | "method" | null {
  const matches = matchPath(segments);
  if (matches.length === 0) return null;
  return matches.find((m) => m.route.method === method) ?? "method";
}

/** Splits and percent-decodes a path ("/users/%40me" is how discord.js sends "@me"). */
export function pathSegments(path: string): string[] | null {
  try {
    return path
      .split("/")
      .slice(1)
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/** The path as logged: the route's own shape with real ids, and ":token" where a token was. */
export function loggedPath(match: RouteMatch): string {
  let param = 0;
  return match.route.template.replace(/:id|:token/g, (kind) => {
    const value = match.params[param++] ?? "";
    return kind === ":token" ? ":token" : value;
  });
}

/** Route template for unmatched paths, normalised like @discordjs/rest does, so logs stay groupable. */
export function fallbackTemplate(path: string): string {
  return path.replaceAll(/\d{17,19}/g, ":id");
}

/**
 * The top-level resource a bucket is scoped to: the channel, guild or interaction id; for webhooks the id and
 * token together (each interaction's token is its own webhook); "global" for others.
 */
export function majorParameter(match: RouteMatch): string {
  const template = match.route.template;
  if (template.startsWith("/webhooks/")) return `${match.params[0]}/${match.params[1]}`;
  if (/^\/(channels|guilds|interactions)\//.test(template)) return match.params[0] ?? "global";
  return "global";
}
