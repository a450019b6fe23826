/**
 * The route table: which templates exist, how a path matches one, and the major parameter that Discord
 * (and @discordjs/rest) key rate-limit buckets by.
 */

export type RouteName =
  | "me"
  | "myGuilds"
  | "gatewayBot"
  | "guild"
  | "guildChannels"
  | "guildActiveThreads"
  | "channel"
  | "channelMessages"
  | "channelMessage"
  | "archivedPublicThreads"
  | "archivedPrivateThreads";

export interface RouteDef {
  readonly name: RouteName;
  readonly method: "GET";
  /** Template as logged and bucketed, ids written as ":id" (like @discordjs/rest's bucketRoute). */
  readonly template: string;
}

export const ROUTES: readonly RouteDef[] = [
  { name: "me", method: "GET", template: "/users/@me" },
  { name: "myGuilds", method: "GET", template: "/users/@me/guilds" },
  { name: "gatewayBot", method: "GET", template: "/gateway/bot" },
  { name: "guild", method: "GET", template: "/guilds/:id" },
  { name: "guildChannels", method: "GET", template: "/guilds/:id/channels" },
  { name: "guildActiveThreads", method: "GET", template: "/guilds/:id/threads/active" },
  { name: "channel", method: "GET", template: "/channels/:id" },
  { name: "channelMessages", method: "GET", template: "/channels/:id/messages" },
  { name: "channelMessage", method: "GET", template: "/channels/:id/messages/:id" },
  { name: "archivedPublicThreads", method: "GET", template: "/channels/:id/threads/archived/public" },
  { name: "archivedPrivateThreads", method: "GET", template: "/channels/:id/threads/archived/private" },
];

export interface RouteMatch {
  readonly route: RouteDef;
  /** Values of the ":id" segments, in order. */
  readonly params: readonly string[];
}

/**
 * Matches a decoded path (without the /api/v10 prefix) against the table, ignoring the method (so the
 * caller can tell 404 from 405). ":id" matches digits only: anything else is not a route.
 */
export function matchRoute(segments: readonly string[]): RouteMatch | null {
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
      } else {
        ok = part === segment;
      }
    }
    if (ok) return { route, params };
  }
  return null;
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

/** Route template for unmatched paths, normalised like @discordjs/rest does, so logs stay groupable. */
export function fallbackTemplate(path: string): string {
  return path.replaceAll(/\d{17,19}/g, ":id");
}

/** The top-level resource id (channel or guild) a bucket is scoped to; "global" for others. */
export function majorParameter(match: RouteMatch): string {
  const template = match.route.template;
  if (template.startsWith("/channels/") || template.startsWith("/guilds/")) return match.params[0] ?? "global";
  return "global";
}
