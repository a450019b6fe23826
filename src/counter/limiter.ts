/**
 * At most `limit` Discord requests in flight, forward syncs first: a long backfill takes one slot per page and
 * yields between pages, so new messages in every channel are still picked up while it runs.
 */
export type Priority = "high" | "low";

export interface Limiter {
  run<T>(priority: Priority, task: () => Promise<T>): Promise<T>;
  readonly active: () => number;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  const high: Array<() => void> = [];
  const low: Array<() => void> = [];

  function next(): void {
    if (active >= limit) return;
    const start = high.shift() ?? low.shift();
    if (start) {
      active++;
      start();
    }
  }

  return {
    active: () => active,
    run<T>(priority: Priority, task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        };
        (priority === "high" ? high : low).push(start);
        next();
      });
    },
  };
}
