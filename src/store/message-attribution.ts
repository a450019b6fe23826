// Which channel a stored row's messages count towards: the one rule behind the live metric, the history export, the
// JSON API and the SQL views (migrations/0002 spells the same rule in SQL; a test holds them together).
import { ChannelType } from "discord-api-types/v10";
import { ChannelState, sqlState } from "./channel-states.js";

export type MessageSource = "channel" | "threads";

export interface AttributableRow {
  id: string;
  type: number;
  parentId: string | null;
  state: string;
}

const THREAD_TYPES: readonly number[] = [
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
];

/**
 * A thread's (and a forum or media post's) messages count towards its parent channel, as source "threads"; any other
 * channel's towards itself. Excluded rows count nowhere. Deleted ones still count: their messages happened, so the
 * history and a parent's thread total keep them (a deleted channel just has no live series of its own any more).
 */
export function attributeMessages(row: AttributableRow): { channelId: string; source: MessageSource } | null {
  if (row.state === ChannelState.Excluded) return null;
  if (THREAD_TYPES.includes(row.type)) return { channelId: row.parentId ?? row.id, source: "threads" };
  return { channelId: row.id, source: "channel" };
}

/** attributeMessages's channel in SQL, for a query over `channels AS alias`. */
export function attributedChannelSql(alias: string): string {
  return `CASE WHEN ${alias}.type IN (${THREAD_TYPES.join(", ")}) THEN coalesce(${alias}.parent_id, ${alias}.id) ELSE ${alias}.id END`;
}

/** attributeMessages's "counts anywhere" in SQL. */
export function isCountedSql(alias: string): string {
  return `${alias}.state <> ${sqlState(ChannelState.Excluded)}`;
}

/** attributeMessages's source in SQL ('channel' or 'threads'), for a query over `channels AS alias`. */
export function messageSourceSql(alias: string): string {
  return `CASE WHEN ${alias}.type IN (${THREAD_TYPES.join(", ")}) THEN 'threads' ELSE 'channel' END`;
}
