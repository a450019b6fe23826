import type { GatewayDispatch, GatewayListener } from "../gateway/gateway-events.js";
import { formatUtcDay } from "../history/utc-days.js";
import type { Store } from "../store/open.js";
import { addMemberFlow } from "../store/member-writes.js";

/**
 * GUILD_MEMBER_ADD / GUILD_MEMBER_REMOVE (MEMBER_EVENTS: the privileged GUILD_MEMBERS intent) into joins and leaves
 * per guild and UTC day. Events missed while disconnected are not made up: member counts stay the truth.
 */
export function createMemberFlow(options: {
  store: Store;
  clock: () => number;
  guildIds: ReadonlySet<string>;
}): GatewayListener {
  return {
    onDispatch(dispatch: GatewayDispatch) {
      if (dispatch.t !== "GUILD_MEMBER_ADD" && dispatch.t !== "GUILD_MEMBER_REMOVE") return;
      const d = dispatch.d as { guild_id?: unknown; user?: { bot?: unknown }; joined_at?: unknown } | null;
      const guildId = typeof d?.guild_id === "string" ? d.guild_id : null;
      if (guildId === null || !options.guildIds.has(guildId)) return;
      // A join says when it happened; a leave does not, so it is dated when it arrives.
      const joinedAt = typeof d?.joined_at === "string" ? Date.parse(d.joined_at) : Number.NaN;
      const at = dispatch.t === "GUILD_MEMBER_ADD" && Number.isFinite(joinedAt) ? joinedAt : options.clock();
      addMemberFlow(options.store, {
        guildId,
        day: formatUtcDay(at),
        kind: dispatch.t === "GUILD_MEMBER_ADD" ? "join" : "leave",
        bot: d?.user?.bot === true,
      });
    },
  };
}
