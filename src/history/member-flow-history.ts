// discord_guild_member_joins_total and discord_guild_member_leaves_total as they would have read at the end of each
// UTC day. Pure.
//
// The live counters are member_flow_daily summed per guild, and exist only for guilds with a row; so does the history,
// from the guild's first recorded day (MEMBER_EVENTS was off before it), or from `since` when it had rows before.
import type { HistorySeries } from "./channel-history.js";
import type { HistoryInput } from "./history-input.js";
import { runningTotalPoints } from "./running-totals.js";
import { minDay } from "./utc-days.js";

export type MemberFlowHistoryInput = Pick<HistoryInput, "since" | "until" | "memberFlowBefore" | "memberFlowDays">;

interface GuildFlow {
  first: string;
  before: { joins: number; leaves: number };
  days: { joins: Map<string, number>; leaves: Map<string, number> };
}

/** The joins series and the leaves series, one per guild, sorted by guild id. */
export function buildMemberFlowHistory(input: MemberFlowHistoryInput): {
  joins: HistorySeries[];
  leaves: HistorySeries[];
} {
  const guilds = new Map<string, GuildFlow>();
  const flowOf = (guildId: string, first: string): GuildFlow => {
    let flow = guilds.get(guildId);
    if (!flow) {
      flow = { first, before: { joins: 0, leaves: 0 }, days: { joins: new Map(), leaves: new Map() } };
      guilds.set(guildId, flow);
    }
    flow.first = minDay(flow.first, first);
    return flow;
  };
  for (const row of input.memberFlowBefore) {
    const flow = flowOf(row.guildId, input.since);
    flow.before.joins += row.joins;
    flow.before.leaves += row.leaves;
  }
  for (const row of input.memberFlowDays) {
    if (row.day > input.until) continue;
    if (row.day < input.since) {
      const flow = flowOf(row.guildId, input.since);
      flow.before.joins += row.joins;
      flow.before.leaves += row.leaves;
      continue;
    }
    const flow = flowOf(row.guildId, row.day);
    flow.days.joins.set(row.day, (flow.days.joins.get(row.day) ?? 0) + row.joins);
    flow.days.leaves.set(row.day, (flow.days.leaves.get(row.day) ?? 0) + row.leaves);
  }
  const joins: HistorySeries[] = [];
  const leaves: HistorySeries[] = [];
  for (const [guildId, flow] of [...guilds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const labels = { guild_id: guildId };
    joins.push({
      labels,
      points: () => runningTotalPoints(flow.before.joins, flow.days.joins, flow.first, input.until),
    });
    leaves.push({
      labels,
      points: () => runningTotalPoints(flow.before.leaves, flow.days.leaves, flow.first, input.until),
    });
  }
  return { joins, leaves };
}
