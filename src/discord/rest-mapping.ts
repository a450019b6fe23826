// Discord's JSON, reduced to the fields the exporter reads. Pure: the REST client hands it raw objects.
import type { ListedChannel, MessageSummary } from "./types.js";

// Raw JSON shapes, only the fields we read.
export interface RawChannel {
  id: string;
  guild_id?: string;
  type: number;
  name?: string | null;
  position?: number;
  parent_id?: string | null;
  last_message_id?: string | null;
  thread_metadata?: { archived?: boolean; archive_timestamp?: string };
}
export interface RawMessage {
  id: string;
  author?: { id: string; bot?: boolean };
  webhook_id?: string;
}

export function toListedChannel(raw: RawChannel, guildId: string): ListedChannel {
  return {
    id: raw.id,
    guildId: raw.guild_id ?? guildId,
    type: raw.type,
    name: raw.name ?? raw.id,
    position: raw.position ?? 0,
    parentId: raw.parent_id ?? null,
    lastMessageId: raw.last_message_id ?? null,
    archived: raw.thread_metadata?.archived === true,
    archiveTimestamp: raw.thread_metadata?.archive_timestamp ?? null,
  };
}

export function toMessageSummary(raw: RawMessage): MessageSummary {
  // Webhook messages carry a bot-like author; count them with bots, since no person wrote them.
  return {
    id: raw.id,
    authorId: raw.author?.id ?? "0",
    bot: raw.author?.bot === true || raw.webhook_id !== undefined,
  };
}
