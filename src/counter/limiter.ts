/**
 * At most `limit` Discord requests in flight. Forward syncs ("high") go first, in arrival order. Backfill pages
 * ("low") go by weight, largest first: a backfill's weight is its estimated remaining pages, so the channels that
 * bound the first full count (the biggest, each held to its own per-channel rate limit) always have a request
 * waiting at Discord, while small channels fill the rest of the global budget. Between equal weights, arrival order.
 */
export type Priority = "high" | "low";

export interface Limiter {
  run<T>(priority: Priority, task: () => Promise<T>, weight?: number): Promise<T>;
  readonly active: () => number;
}

interface Waiting {
  weight: number;
  order: number;
  start: () => void;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  let arrivals = 0;
  const high: Array<() => void> = [];
  const low = createMaxHeap();

  function next(): void {
    while (active < limit) {
      const start = high.shift() ?? low.pop()?.start;
      if (!start) return;
      active++;
      start();
    }
  }

  return {
    active: () => active,
    run<T>(priority: Priority, task: () => Promise<T>, weight = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          task()
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        };
        if (priority === "high") high.push(start);
        else low.push({ weight, order: arrivals++, start });
        next();
      });
    },
  };
}

/** A binary heap: largest weight first, earliest arrival among equals. */
function createMaxHeap() {
  const items: Waiting[] = [];
  const before = (a: Waiting, b: Waiting) => a.weight > b.weight || (a.weight === b.weight && a.order < b.order);
  const swap = (i: number, j: number) => {
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  };
  return {
    push(item: Waiting) {
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(items[i]!, items[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    },
    pop(): Waiting | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let best = i;
          if (left < items.length && before(items[left]!, items[best]!)) best = left;
          if (right < items.length && before(items[right]!, items[best]!)) best = right;
          if (best === i) break;
          swap(i, best);
          i = best;
        }
      }
      return top;
    },
  };
}
