/**
 * Runs a task now and then every interval, never two at once: a sync that overruns delays the next one instead of
 * overlapping it. The timer functions are injected so tests need no real waiting.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Scheduler {
  start(): void;
  /** Runs a sync now unless one is running; resolves when it (or the running one) ends. */
  trigger(): Promise<void>;
  /** Stops the timer, aborts the running task (it finishes its page) and waits for it. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  intervalMs: number;
  task: (signal: AbortSignal) => Promise<void>;
  onError: (error: unknown) => void;
  clock: () => number;
  timers?: Timers;
}

export const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createScheduler(options: SchedulerOptions): Scheduler {
  const timers = options.timers ?? REAL_TIMERS;
  const controller = new AbortController();
  let running: Promise<void> | null = null;
  let timer: unknown = null;
  let stopped = false;

  function schedule(startedAt: number): void {
    if (stopped) return;
    const wait = Math.max(0, startedAt + options.intervalMs - options.clock());
    timer = timers.setTimeout(() => {
      timer = null;
      void run();
    }, wait);
  }

  function run(): Promise<void> {
    if (running) return running;
    const startedAt = options.clock();
    running = options
      .task(controller.signal)
      .catch(options.onError)
      .finally(() => {
        running = null;
        if (timer === null) schedule(startedAt);
      });
    return running;
  }

  return {
    start() {
      void run();
    },
    trigger() {
      if (stopped) return Promise.resolve();
      if (timer !== null) {
        timers.clearTimeout(timer);
        timer = null;
      }
      return run();
    },
    async stop() {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      controller.abort();
      if (running) await running;
    },
  };
}
