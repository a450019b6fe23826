import { DiscordRequestError } from "../discord/errors.js";
import type { ChannelRow } from "../store/channel-rows.js";
import type { ChannelState } from "../store/channel-states.js";
import { applyChannelEvent, recordChannelFailure } from "./channel-events.js";
import type { CounterDeps } from "./deps.js";

/**
 * A forbidden or unreadable channel whose retry time came: one request decides whether it is back. Reading one
 * message it had (the forward cursor, else the listed newest) needs View Channel, Connect for voice and Read Message
 * History alike, so a 403 means still blocked, and anything else means counting resumes from the cursors.
 */
export async function retryBlockedChannel(deps: CounterDeps, row: ChannelRow): Promise<ChannelState | null> {
  const witness = row.lastSeenId !== null && row.lastSeenId !== "0" ? row.lastSeenId : row.lastMessageId;
  if (witness === null) return applyChannelEvent(deps, row.id, { kind: "access_restored" });
  try {
    await deps.limiter.run("high", () => deps.api.probeMessage(row.id, witness));
    return applyChannelEvent(deps, row.id, { kind: "access_restored" });
  } catch (error) {
    if (error instanceof DiscordRequestError && error.kind === "forbidden") {
      return applyChannelEvent(deps, row.id, { kind: "still_blocked", reason: error.message });
    }
    return recordChannelFailure(deps, row, error);
  }
}
