// Each chart reaches the main thread as a copy of its PNG, and discord.js copies it again to upload it. Those
// buffers live outside the V8 heap, and V8 collects them only when the heap itself needs a collection or when
// external memory has grown by tens of MB: until then, resident memory grows by them. In the bench's bot scenario
// (section 7: 300 commands, then bursts of 20), a full collection at most once a second after the answers lowered
// the bot process's peak from 160.7 to 141.9-143.1 MiB; a young-generation one did not help, because by the time
// the upload is done the buffers' holders have been promoted (docs/memory.md).
import type { Timers } from "../counter/scheduler.js";

export interface ChartMemoryReleaseOptions {
  /** A full garbage collection: node's `gc` under --expose-gc (npm start, the image). */
  collect: () => void;
  clock: () => number;
  timers: Timers;
  /** At most one collection this often (a full one takes a few ms of the event loop): the last request waits. */
  minIntervalMs: number;
}

export interface ChartMemoryRelease {
  /** A chart's answer is done with its PNG: collect now, or once the interval since the last collection is up. */
  request(): void;
  stop(): void;
}

export function createChartMemoryRelease(options: ChartMemoryReleaseOptions): ChartMemoryRelease {
  let lastAt = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;
  let stopped = false;

  function collectNow(): void {
    timer = null;
    lastAt = options.clock();
    options.collect();
  }

  return {
    request() {
      if (stopped || timer !== null) return;
      const wait = lastAt + options.minIntervalMs - options.clock();
      if (wait <= 0) collectNow();
      else timer = options.timers.setTimeout(collectNow, wait);
    },
    stop() {
      stopped = true;
      if (timer !== null) options.timers.clearTimeout(timer);
      timer = null;
    },
  };
}
