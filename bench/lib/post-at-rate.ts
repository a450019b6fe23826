/**
 * Messages posted "now" in the fake at a steady rate (one MESSAGE_CREATE each), each handed to a freshness tracker.
 * The schedule is absolute (the i-th post at start + i / rate), so a slow tick does not lower the rate; how late the
 * bench itself was is reported, since the fake and the bench share one event loop.
 */
import type { Rng, World } from "../../fake-discord/index.js";
import type { FreshnessTracker } from "./freshness.js";
import { sleep } from "./format.js";

export interface PostRun {
  /** Messages posted per channel. */
  perChannel: Map<string, number>;
  /** Ids posted per channel, oldest first. */
  ids: Map<string, string[]>;
  posts: number;
  /** performance.now() of the first and the last post. */
  firstAt: number;
  lastAt: number;
  /** The latest a post was against its schedule. */
  maxLateMs: number;
}

export async function postAtRate(options: {
  world: World;
  channelIds: readonly string[];
  perSecond: number;
  durationMs: number;
  rng: Rng;
  tracker: FreshnessTracker;
}): Promise<PostRun> {
  const { world, channelIds, tracker } = options;
  const count = Math.round((options.durationMs / 1000) * options.perSecond);
  const perChannel = new Map<string, number>();
  const ids = new Map<string, string[]>();
  const start = performance.now();
  let firstAt = Number.NaN;
  let lastAt = Number.NaN;
  let maxLateMs = 0;
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / options.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const channelId = channelIds[Math.floor(options.rng() * channelIds.length)]!;
    const at = performance.now();
    maxLateMs = Math.max(maxLateMs, at - due);
    const added = world.addMessagesNow(channelId, 1, { authors: 50, botRatio: 0.1 });
    tracker.post({ channelId, at, total: world.messageCount(channelId) });
    perChannel.set(channelId, (perChannel.get(channelId) ?? 0) + 1);
    if (added.firstId !== null) {
      const list = ids.get(channelId);
      if (list === undefined) ids.set(channelId, [added.firstId]);
      else list.push(added.firstId);
    }
    if (i === 0) firstAt = at;
    lastAt = at;
  }
  return { perChannel, ids, posts: count, firstAt, lastAt, maxLateMs };
}
