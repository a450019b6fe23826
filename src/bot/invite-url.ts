import { PermissionFlagsBits } from "discord-api-types/v10";

/** View Channels and Read Message History count messages; Connect is needed to read voice and stage chats. */
export const INVITE_PERMISSIONS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
export const INVITE_PERMISSIONS_WITH_VOICE = INVITE_PERMISSIONS | PermissionFlagsBits.Connect;

/**
 * The URL that adds the bot with its slash commands (scope applications.commands beside bot): opening it again for a
 * guild the bot is already in grants the missing scope without kicking it. Pure.
 */
export function inviteUrl(applicationId: string, guildId?: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: "bot applications.commands",
    permissions: String(INVITE_PERMISSIONS_WITH_VOICE),
  });
  if (guildId) query.set("guild_id", guildId);
  return `https://discord.com/oauth2/authorize?${query.toString().replaceAll("+", "%20")}`;
}
