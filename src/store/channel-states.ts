/**
 * A stored channel's (or thread's) state: the one list, used by the counter, the metrics and the SQL alike.
 * - backfilling: its history is being counted backwards; ready: counted, kept up to date by forward syncs;
 * - forbidden: Discord answered 403 (View Channel, or Connect for voice); unreadable: Discord answers 200 [] although
 *   the channel has messages (no Read Message History). Both keep their counted history and are asked again only
 *   after a retry time;
 * - deleted: Discord answered 404 (its counted messages stay in the history); excluded: the user asked not to count it.
 */
export const ChannelState = {
  Backfilling: "backfilling",
  Ready: "ready",
  Forbidden: "forbidden",
  Unreadable: "unreadable",
  Deleted: "deleted",
  Excluded: "excluded",
} as const;

export type ChannelState = (typeof ChannelState)[keyof typeof ChannelState];

export const CHANNEL_STATES: readonly ChannelState[] = Object.values(ChannelState);

/** States in which the bot cannot read the channel now; it is asked again at its retry time. */
export const BLOCKED_STATES: ReadonlySet<ChannelState> = new Set([ChannelState.Forbidden, ChannelState.Unreadable]);

/** States in which a channel is counted (new pages are fetched). */
export const ACTIVE_STATES: ReadonlySet<ChannelState> = new Set([ChannelState.Backfilling, ChannelState.Ready]);

/** A state as a quoted SQL literal, for statements that must agree with this list (never user input). */
export function sqlState(state: ChannelState): string {
  return `'${state}'`;
}
