/**
 * /applications/{application_id}/commands and /applications/{application_id}/guilds/{guild_id}/commands:
 * bulk overwrite (PUT) and list (GET). https://discord.com/developers/docs/interactions/application-commands
 */

import { listedCommandJson } from "./commands.js";
import { missingAccess, unknownGuild } from "./errors.js";
import { type HandlerContext, type Handlers, queryFlag } from "./handler-context.js";

export type CommandRouteName =
  | "globalCommands"
  | "overwriteGlobalCommands"
  | "guildCommands"
  | "overwriteGuildCommands";

export const COMMAND_HANDLERS: Handlers<CommandRouteName> = {
  globalCommands: (ctx) => {
    requireOwnApplication(ctx);
    return list(ctx, null);
  },
  overwriteGlobalCommands: (ctx) => {
    requireOwnApplication(ctx);
    return ctx.services.commands.overwrite(null, ctx.body.json).map((c) => c.json);
  },
  guildCommands: (ctx) => {
    requireOwnApplication(ctx);
    return list(ctx, requireCommandGuild(ctx));
  },
  overwriteGuildCommands: (ctx) => {
    requireOwnApplication(ctx);
    return ctx.services.commands.overwrite(requireCommandGuild(ctx), ctx.body.json).map((c) => c.json);
  },
};

/** Locale from X-Discord-Locale, then Accept-Language (Discord's order). */
function list(ctx: HandlerContext, guildId: string | null) {
  const locale = ctx.headers["x-discord-locale"] ?? ctx.headers["accept-language"]?.split(",")[0]?.trim() ?? null;
  const withLocalizations = queryFlag(ctx.query, "with_localizations");
  return ctx.services.commands.list(guildId).map((c) => listedCommandJson(c, withLocalizations, locale));
}

/** Another application's commands are not this bot's to touch. */
function requireOwnApplication(ctx: HandlerContext): void {
  if (ctx.params[0] !== ctx.world.applicationId) throw missingAccess();
}

/**
 * A guild where the app may have commands: unknown or deleted → 404 10004; without the
 * `applications.commands` scope, or once the bot was removed (its integration goes with it) → 403 50001.
 */
function requireCommandGuild(ctx: HandlerContext): string {
  const guild = ctx.world.guild(ctx.params[1] ?? "");
  if (guild === undefined || guild.access === "deleted") throw unknownGuild();
  if (guild.access !== "member" || !guild.commandsScope) throw missingAccess();
  return guild.id;
}
