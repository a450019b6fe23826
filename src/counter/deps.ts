import type { DiscordApi } from "../discord/types.js";
import type { Logger } from "../log.js";
import type { Store } from "../store/open.js";
import type { PageWriter } from "../store/page-writes.js";
import type { LifecyclePolicy } from "./channel-lifecycle.js";
import type { Limiter } from "./limiter.js";
import type { SyncObserver } from "./observer.js";

/** Every edge the counter touches, injected: Discord, the database, the clock, logs and self-metrics. */
export interface CounterDeps {
  api: DiscordApi;
  store: Store;
  writer: PageWriter;
  limiter: Limiter;
  clock: () => number;
  log: Logger;
  observer: SyncObserver;
  policy: LifecyclePolicy;
}
