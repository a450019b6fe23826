import { hasOwnMessages, isThreadType } from "../discord/channel-kinds.js";
import type { ChannelRow } from "../store/channel-rows.js";
import { ACTIVE_STATES, BLOCKED_STATES } from "../store/channel-states.js";

export interface RecountSelection {
  guilds: string[];
  channels: string[];
  all: boolean;
}

export type TargetResolution =
  | {
      ok: true;
      channels: ChannelRow[];
      /** Forbidden or unreadable channels of a --guild/--all recount: reported as skipped, not asked (403s cost). */
      blocked: ChannelRow[];
    }
  | { ok: false; error: string };

/**
 * Pure: which stored channels a recount covers. A channel named on the command line brings its threads along, and is
 * tried even when it was forbidden or unreadable (the user may have fixed its permissions); names are matched
 * case-insensitively and must be unambiguous.
 */
export function resolveRecountTargets(rows: readonly ChannelRow[], selection: RecountSelection): TargetResolution {
  const knownGuilds = new Set(rows.map((row) => row.guildId));
  for (const guild of selection.guilds) {
    if (!knownGuilds.has(guild))
      return { ok: false, error: `unknown guild ${guild}: the exporter has not synced it into this database` };
  }
  const inScope = rows.filter((row) => selection.guilds.length === 0 || selection.guilds.includes(row.guildId));
  const countable = (row: ChannelRow) => hasOwnMessages(row.type) && ACTIVE_STATES.has(row.state);
  const blocked = (row: ChannelRow) => hasOwnMessages(row.type) && BLOCKED_STATES.has(row.state);
  if (selection.channels.length === 0) {
    if (!selection.all && selection.guilds.length === 0) {
      return { ok: false, error: "nothing to recount: name --channel ID|NAME, --guild ID, or --all" };
    }
    return { ok: true, channels: inScope.filter(countable), blocked: inScope.filter(blocked) };
  }
  const tried = (row: ChannelRow) => countable(row) || blocked(row);
  const chosen = new Map<string, ChannelRow>();
  for (const wanted of selection.channels) {
    const key = wanted.replace(/^#/, "").toLowerCase();
    const matches = inScope.filter(
      (row) => !isThreadType(row.type) && (row.id === wanted || row.name.toLowerCase() === key),
    );
    const byIdThread = inScope.find((row) => row.id === wanted && isThreadType(row.type));
    if (matches.length === 0 && byIdThread) matches.push(byIdThread);
    if (matches.length === 0)
      return {
        ok: false,
        error: `unknown channel ${wanted}: not in this database (run the exporter first, or check --guild)`,
      };
    if (matches.length > 1) {
      return {
        ok: false,
        error: `channel name ${wanted} is ambiguous: ${matches.map((row) => `${row.id} (guild ${row.guildId})`).join(", ")}; pass the id`,
      };
    }
    const channel = matches[0]!;
    if (tried(channel)) chosen.set(channel.id, channel);
    else if (!isThreadType(channel.type) && hasOwnMessages(channel.type)) {
      return { ok: false, error: `channel ${wanted} is ${channel.state}: nothing to recount` };
    }
    for (const thread of inScope)
      if (thread.parentId === channel.id && isThreadType(thread.type) && tried(thread)) chosen.set(thread.id, thread);
  }
  return { ok: true, channels: [...chosen.values()], blocked: [] };
}
