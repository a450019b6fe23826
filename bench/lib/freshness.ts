/**
 * Freshness of /metrics: when did each posted message first show in a scrape? A post is known by its channel and
 * the channel's total once it is in; a scrape showing that total (or more) for the channel has it. Totals only grow
 * while posts are being tracked (no deletions meanwhile), so each channel's posts are seen in the order they were
 * made. Pure: the caller passes the times (performance.now() of the post, and of the scrape's answer).
 */

export interface TrackedPost {
  channelId: string;
  /** When it was posted. */
  at: number;
  /** The channel's total message count with this message in it. */
  total: number;
}

export interface FreshnessTracker {
  post(post: TrackedPost): void;
  /** A scrape answered at `at` with these per-channel totals; returns the latencies of the posts it is the first to show. */
  observe(at: number, totals: ReadonlyMap<string, number>): number[];
  /** Posts no scrape has shown yet. */
  pending(): number;
  /** Every latency so far, in the order the posts were seen. */
  latencies(): readonly number[];
}

export function createFreshnessTracker(): FreshnessTracker {
  const waiting = new Map<string, TrackedPost[]>();
  const seen: number[] = [];
  let pending = 0;
  return {
    post(post) {
      const queue = waiting.get(post.channelId);
      if (queue === undefined) waiting.set(post.channelId, [post]);
      else queue.push(post);
      pending++;
    },
    observe(at, totals) {
      const fresh: number[] = [];
      for (const [channelId, queue] of waiting) {
        const total = totals.get(channelId);
        if (total === undefined) continue;
        let shown = 0;
        while (shown < queue.length && queue[shown]!.total <= total) {
          fresh.push(at - queue[shown]!.at);
          shown++;
        }
        if (shown === 0) continue;
        queue.splice(0, shown);
        pending -= shown;
        if (queue.length === 0) waiting.delete(channelId);
      }
      seen.push(...fresh);
      return fresh;
    },
    pending: () => pending,
    latencies: () => seen,
  };
}
