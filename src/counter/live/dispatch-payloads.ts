// The gateway payloads the live updates read, reduced to the fields they use, read defensively: a dispatch is
// untrusted input (a new Discord field, a missing one) and must never throw inside the session's event handler.
import type { RawChannel } from "../../discord/rest-mapping.js";

const SNOWFLAKE = /^\d{1,20}$/;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function snowflake(value: unknown): string | null {
  return typeof value === "string" && SNOWFLAKE.test(value) ? value : null;
}

export interface MessageRef {
  guildId: string;
  channelId: string;
  ids: string[];
}

/** MESSAGE_CREATE / MESSAGE_DELETE ({id}) and MESSAGE_DELETE_BULK ({ids}). */
export function readMessageRef(d: unknown): MessageRef | null {
  const data = record(d);
  const guildId = snowflake(data?.guild_id);
  const channelId = snowflake(data?.channel_id);
  if (data === null || guildId === null || channelId === null) return null;
  const ids = Array.isArray(data.ids) ? data.ids.map(snowflake) : [snowflake(data.id)];
  const valid = ids.filter((id): id is string => id !== null);
  return valid.length > 0 ? { guildId, channelId, ids: valid } : null;
}

/** CHANNEL_* and THREAD_*: which channel, of which guild. */
export function readChannelRef(d: unknown): { guildId: string; channelId: string } | null {
  const data = record(d);
  const guildId = snowflake(data?.guild_id);
  const channelId = snowflake(data?.id);
  return guildId === null || channelId === null ? null : { guildId, channelId };
}

/** THREAD_LIST_SYNC: the active threads of channels the bot just gained access to, as full thread objects. */
export function readThreadListSync(d: unknown): { guildId: string; threads: RawChannel[] } | null {
  const data = record(d);
  const guildId = snowflake(data?.guild_id);
  if (data === null || guildId === null || !Array.isArray(data.threads)) return null;
  const threads = data.threads.filter((thread): thread is RawChannel => {
    const t = record(thread);
    return t !== null && snowflake(t.id) !== null && typeof t.type === "number";
  });
  return { guildId, threads };
}
