import { hasOwnMessages } from "../discord/channel-kinds.js";
import { readAllChannels } from "../store/channel-rows.js";
import { ChannelState } from "../store/channel-states.js";
import { DiscordRequestError } from "../discord/errors.js";
import { classifyChannelError, describeChannel, recordChannelFailure } from "./channel-events.js";
import { throwIfTokenRejected } from "./count-failure.js";
import type { CounterDeps } from "./deps.js";
import { recountChannel } from "./recount.js";

/**
 * The scheduled recount (RECONCILE_INTERVAL): incremental syncs never see deletions, so every channel is recounted
 * now and then, one at a time, at low priority (forward syncs always go first), swapped in like `npm run recount`.
 * A channel it cannot read is skipped and marked, never swapped: its counted history stays. A channel whose recount
 * fails becomes that channel's failure (state, retry time, metric) and the round goes on; a rejected token ends it.
 */
export async function recountAllChannels(
  deps: CounterDeps,
  guildIds: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  const channels = readAllChannels(deps.store).filter(
    (row) => guildIds.includes(row.guildId) && hasOwnMessages(row.type) && row.state === ChannelState.Ready,
  );
  let deleted = 0;
  let skipped = 0;
  for (const channel of channels) {
    if (signal.aborted) return;
    const fields = { channelId: channel.id, channel: channel.name };
    try {
      const result = await recountChannel({ ...deps, priority: "low" }, channel.id, undefined, signal);
      if (result.kind === "skipped") {
        skipped++;
        deps.log.warn(fields, `scheduled recount skipped ${describeChannel(channel)}, counts kept: ${result.reason}`);
      } else if (result.difference !== 0) {
        deleted += result.difference;
        deps.log.info(
          { ...fields, old: result.oldTotal, new: result.newTotal },
          `scheduled recount corrected ${describeChannel(channel)}`,
        );
      }
    } catch (error) {
      if (signal.aborted) return;
      const failure = classifyChannelError(error, `channel ${describeChannel(channel)}`);
      // Not counted here: it ends the round, and the round's failure is counted once (exporter-loop.ts).
      throwIfTokenRejected(failure);
      // recountChannel already stored Discord's answers as the channel's state; anything else is stored here.
      if (!(error instanceof DiscordRequestError)) recordChannelFailure(deps, channel, error);
      deps.observer.operationFailed("scheduled_recount", failure.kind);
      deps.log.warn(
        { ...fields, kind: failure.kind },
        `scheduled recount of ${describeChannel(channel)} failed; tried again next round: ${failure.message}`,
      );
    }
  }
  deps.log.info({ channels: channels.length, deleted, skipped }, "scheduled recount finished");
}
