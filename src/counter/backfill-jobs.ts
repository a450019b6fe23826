import type { Logger } from "../log.js";

/**
 * Backfills outlive the sync that started them (a million-message channel takes longer than a poll interval), so
 * they are kept here: at most one per channel, stopped together on shutdown.
 */
export interface BackfillJobs {
  ensure(channel: { id: string; name: string }, run: (signal: AbortSignal) => Promise<void>): void;
  running(): number;
  isRunning(channelId: string): boolean;
  /** Stops after the page in flight and waits for every job to finish writing. */
  stop(): Promise<void>;
  /** Waits until no job runs (tests, one-shot runs). */
  idle(): Promise<void>;
}

/** A job that failed outside its channel's own failure handling (the database, a bug): logged and counted. */
export function createBackfillJobs(log: Logger, onFailure: (error: unknown) => void = () => {}): BackfillJobs {
  const controller = new AbortController();
  const jobs = new Map<string, Promise<void>>();
  return {
    ensure(channel, run) {
      const channelId = channel.id;
      if (jobs.has(channelId) || controller.signal.aborted) return;
      const job = run(controller.signal)
        .catch((error: unknown) => {
          onFailure(error);
          log.error(
            { channelId, channel: channel.name, err: error },
            `backfill of #${channel.name} stopped by an error; resumes next sync`,
          );
        })
        .finally(() => jobs.delete(channelId));
      jobs.set(channelId, job);
    },
    running: () => jobs.size,
    isRunning: (channelId) => jobs.has(channelId),
    async stop() {
      controller.abort();
      await Promise.allSettled([...jobs.values()]);
    },
    async idle() {
      while (jobs.size > 0) await Promise.allSettled([...jobs.values()]);
    },
  };
}
