/**
 * The bot's permissions as Discord expresses them: an @everyone role carrying a new guild's default
 * permissions, and on each channel a member overwrite for the bot where the world's flags differ from it.
 * discord.js computes `channel.permissionsFor(me)` from exactly these, so what it concludes matches the world.
 * https://discord.com/developers/docs/topics/permissions
 */

import type { ChannelView } from "./world-types.js";

export const Permission = {
  CreateInstantInvite: 1n << 0n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  UseVad: 1n << 25n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  RequestToSpeak: 1n << 32n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone may do in a freshly created guild (roughly Discord's defaults; no moderation rights). */
export const EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.Connect |
  Permission.Speak |
  Permission.UseVad |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.RequestToSpeak |
  Permission.CreatePublicThreads |
  Permission.CreatePrivateThreads |
  Permission.SendMessagesInThreads;

/** Allow/deny bits of the bot's member overwrite on a (non-thread) channel; both 0 when none is needed. */
export function botOverwrite(channel: ChannelView): { allow: bigint; deny: bigint } {
  let allow = 0n;
  let deny = 0n;
  if (!channel.canView) deny |= Permission.ViewChannel;
  if (!channel.canReadHistory) deny |= Permission.ReadMessageHistory;
  if (!channel.canConnect && (channel.type === 2 || channel.type === 13)) deny |= Permission.Connect;
  if (channel.canManageThreads) allow |= Permission.ManageThreads;
  return { allow, deny };
}

/** The bot's effective permissions in a channel (threads: their parent's), as `app_permissions` reports them. */
export function botChannelPermissions(channel: ChannelView): bigint {
  const { allow, deny } = botOverwrite(channel);
  const effective = (EVERYONE_PERMISSIONS & ~deny) | allow;
  // Without VIEW_CHANNEL nothing else applies (Discord's implicit denial).
  return effective & Permission.ViewChannel ? effective : 0n;
}
