import type { DiscordErrorKind } from "../discord/errors.js";

/** What the counter reports about itself; main wires it to prom-client, tests to plain arrays. */
export interface SyncObserver {
  syncFinished(guildId: string, durationMs: number, ok: boolean, finishedAt: number): void;
  pageCounted(mode: "forward" | "backfill", messages: number): void;
  channelFailed(channelId: string, kind: DiscordErrorKind): void;
}

export const NO_OBSERVER: SyncObserver = {
  syncFinished() {},
  pageCounted() {},
  channelFailed() {},
};
