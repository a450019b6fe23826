import type { REST } from "@discordjs/rest";
import { Routes, type RESTPutAPIApplicationGuildCommandsJSONBody } from "discord-api-types/v10";
import type { Logger } from "../log.js";
import { inviteUrl } from "./invite-url.js";

const MISSING_ACCESS = 50001;

/**
 * Read by shape, not instanceof: discord.js (CommonJS) loads @discordjs/rest's CommonJS build, this module its ESM
 * build, so the client's DiscordAPIError is another class than the one an import here would give.
 */
function isMissingAccess(error: unknown): boolean {
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown };
  return status === 403 && code === MISSING_ACCESS;
}

export type RegistrationResult = { guildId: string; ok: true } | { guildId: string; ok: false; reason: string };

/**
 * Registers the commands in every configured guild with a bulk overwrite (idempotent: Discord keeps the ids of
 * commands with the same name). A guild where the app lacks the applications.commands scope gets one warning naming
 * the guild and the URL that fixes it; counting is not affected either way.
 */
export async function registerCommands(
  rest: Pick<REST, "put">,
  applicationId: string,
  guildIds: readonly string[],
  commands: RESTPutAPIApplicationGuildCommandsJSONBody,
  log: Logger,
): Promise<RegistrationResult[]> {
  return Promise.all(
    guildIds.map(async (guildId): Promise<RegistrationResult> => {
      try {
        await rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body: commands });
        log.info({ guildId }, `slash command /stats registered in guild ${guildId}`);
        return { guildId, ok: true };
      } catch (error) {
        if (isMissingAccess(error)) {
          const reason = `the bot may not add slash commands to guild ${guildId}: it was invited without the applications.commands scope; open ${inviteUrl(applicationId, guildId)} to grant it (counting goes on without the bot)`;
          log.warn({ guildId }, reason);
          return { guildId, ok: false, reason };
        }
        const reason = `registering /stats in guild ${guildId} failed: ${error instanceof Error ? error.message : String(error)}`;
        log.warn({ guildId, err: error }, reason);
        return { guildId, ok: false, reason };
      }
    }),
  );
}
