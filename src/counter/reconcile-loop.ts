import { readAllChannels } from "../store/channel-rows.js";
import type { CounterDeps } from "./deps.js";
import { hasOwnMessages } from "./channel-kinds.js";
import { recountChannel } from "./recount.js";

/**
 * The scheduled reconcile (RECONCILE_INTERVAL): incremental syncs never see deletions, so every channel is recounted
 * now and then, one at a time, at low priority (forward syncs always go first), swapped in like `npm run recount`.
 */
export async function reconcileAllChannels(
  deps: CounterDeps,
  guildIds: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const channels = readAllChannels(deps.store).filter(
    (row) => guildIds.includes(row.guildId) && hasOwnMessages(row.type) && row.state === "ready",
  );
  let deleted = 0;
  for (const channel of channels) {
    if (signal.aborted) return;
    try {
      const result = await recountChannel({ ...deps, priority: "low" }, channel.id, undefined, signal);
      deleted += result.difference;
      if (result.difference !== 0) {
        deps.log.info(
          { channelId: channel.id, old: result.oldTotal, new: result.newTotal },
          "reconcile corrected a channel's count",
        );
      }
    } catch (error) {
      if (signal.aborted) return;
      deps.log.warn(
        { channelId: channel.id, err: error },
        "reconcile of a channel failed; it is tried again next round",
      );
    }
  }
  deps.log.info({ channels: channels.length, deleted }, "reconcile finished");
}
