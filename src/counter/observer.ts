import type { ChannelFailureKind } from "./channel-lifecycle.js";

/**
 * Work outside any one channel's state whose failures must still show in the metrics, not only in logs (a failing
 * collector in node_exporter is a metric too).
 */
export type CounterOperation =
  | "guild_sync"
  | "thread_listing"
  | "archived_thread_scan"
  | "private_thread_scan"
  | "backfill"
  | "scheduled_recount";

/** What the counter reports about itself; main wires it to prom-client, tests to plain arrays. */
export interface SyncObserver {
  syncFinished(guildId: string, durationMs: number, ok: boolean, finishedAt: number): void;
  pageCounted(mode: "forward" | "backfill", messages: number): void;
  channelFailed(channelId: string, kind: ChannelFailureKind): void;
  operationFailed(operation: CounterOperation, kind: ChannelFailureKind): void;
}

export const NO_OBSERVER: SyncObserver = {
  syncFinished() {},
  pageCounted() {},
  channelFailed() {},
  operationFailed() {},
};
