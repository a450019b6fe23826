import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Limiter } from "../../src/counter/limiter.js";
import { PAGE_SIZE, walkPages } from "../../src/counter/page-loop.js";
import type { MessageCursor, MessageSummary } from "../../src/discord/types.js";

// A full garbage collection on demand, without starting the test process with --expose-gc.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A first count runs a walk per channel, 200 at once, and nearly all of them wait in the limiter for their next
 * request at any moment. What a waiting walk keeps alive is multiplied by 200: before each wait, the previous page
 * (its 100 messages and their tally) must be unreachable. Checked by collecting garbage while the walk waits for its
 * second page, with weak references to what the first page returned and what was handed to the page handler.
 */
describe("walkPages while it waits for its next page", () => {
  it("holds neither the previous page's messages nor their tally", async () => {
    let firstPage: WeakRef<MessageSummary[]> | undefined;
    let firstTally: WeakRef<object> | undefined;
    let fetched = 0;
    const api = {
      async fetchMessagePage(_channelId: string, cursor: MessageCursor): Promise<MessageSummary[]> {
        fetched++;
        const top = "before" in cursor && cursor.before ? Number(cursor.before) : 1_000_000;
        const page = Array.from({ length: PAGE_SIZE }, (_, i) => ({
          id: String(top - 1 - i),
          authorId: `author-${i}`,
          bot: false,
        }));
        if (fetched === 1) firstPage = new WeakRef(page);
        return page;
      },
      async probeMessage(): Promise<"present"> {
        return "present";
      },
    };
    let reachableWhileWaiting: { page: boolean; tally: boolean } | undefined;
    let runs = 0;
    const limiter: Limiter = {
      active: () => 0,
      async run(_priority, task) {
        runs++;
        if (runs === 2) {
          // The walk is suspended here, between its first page and its second. The weak references were made in
          // earlier tasks, so nothing but the walk itself can keep their targets alive now.
          await nextTask();
          collectGarbage();
          reachableWhileWaiting = {
            page: firstPage?.deref() !== undefined,
            tally: firstTally?.deref() !== undefined,
          };
        }
        return task();
      },
    };
    let pages = 0;
    const outcome = await walkPages(
      { api, limiter },
      { channelId: "c", direction: "backward", from: null, to: null, knownId: null, priority: "low" },
      (page) => {
        pages++;
        if (pages === 1) firstTally = new WeakRef(page.tally);
        return pages < 2;
      },
    );
    expect(outcome).toEqual({ kind: "stopped" });
    expect(firstPage, "the first page was fetched").toBeDefined();
    expect(reachableWhileWaiting).toEqual({ page: false, tally: false });
  });
});
