import { afterEach, describe, expect, it } from "vitest";
import { recordChannelFailure } from "../../src/counter/channel-events.js";
import { planChannelSync } from "../../src/counter/channel-plan.js";
import { NO_OBSERVER } from "../../src/counter/observer.js";
import { lifecyclePolicy } from "../../src/counter/policy.js";
import { DiscordRequestError } from "../../src/discord/errors.js";
import { createSilentLogger } from "../../src/log.js";
import { readChannel } from "../../src/store/channel-rows.js";
import { insertChannel } from "../helpers/channel-row.js";
import { openTempStore } from "../helpers/temp-store.js";

// A 5xx on one channel, through the production path (classify → lifecycle → the channels row in a real SQLite file):
// the row gets a retry time, and the very next sync, however soon, asks again.
describe("a transient failure", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("is stored with a retry time that the next sync has already reached", () => {
    const temp = openTempStore();
    cleanup = temp.cleanup;
    insertChannel(temp.store, {
      id: "100000000000000001",
      name: "general",
      state: "ready",
      backfillDone: true,
      lastMessageId: "100000000000000900",
    });
    temp.store.sqlite.exec("UPDATE channels SET last_seen_id = '100000000000000500' WHERE id = '100000000000000001'");
    const deps = {
      store: temp.store,
      clock: () => 1_700_000_000_000,
      policy: lifecyclePolicy({ forbiddenRetryMs: 21_600_000 }),
      observer: NO_OBSERVER,
      log: createSilentLogger(),
    };
    const error = new DiscordRequestError("transient", "channel #general: Discord answered 503", 503, null);

    expect(recordChannelFailure(deps, { id: "100000000000000001", name: "general", guildId: "g" }, error)).toBe(
      "ready",
    );
    const row = readChannel(temp.store, "100000000000000001")!;
    expect(row).toMatchObject({
      state: "ready",
      retryAt: 1_700_000_000_000,
      lastError: "channel #general: Discord answered 503",
    });
    // A sync one millisecond later pages forwards from the cursor again.
    expect(planChannelSync(row, 1_700_000_000_001)).toEqual({ forward: true, backfill: false, retry: false });
  });
});
