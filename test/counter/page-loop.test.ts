import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/counter/limiter.js";
import { PAGE_SIZE, type PageWalk, type WalkedPage, walkPages } from "../../src/counter/page-loop.js";
import { DiscordRequestError } from "../../src/discord/errors.js";
import type { MessageCursor, MessagePresence, MessageSummary } from "../../src/discord/types.js";

/**
 * A channel as Discord pages it (newest first in every mode), with the one behaviour that matters here: without Read
 * Message History the list answers 200 [] and a single message 403. Ids are small numbers for readability.
 */
function channel(ids: readonly number[], options: { readable?: boolean; deleted?: readonly number[] } = {}) {
  const present = ids.filter((id) => !(options.deleted ?? []).includes(id)).sort((a, b) => a - b);
  const requests: string[] = [];
  return {
    requests,
    api: {
      async fetchMessagePage(_channelId: string, cursor: MessageCursor, limit = 50): Promise<MessageSummary[]> {
        requests.push(`page ${JSON.stringify(cursor)}`);
        if (options.readable === false) return [];
        let window: number[];
        if ("after" in cursor) window = present.filter((id) => id > Number(cursor.after)).slice(0, limit);
        else if (cursor.before) window = present.filter((id) => id < Number(cursor.before)).slice(-limit);
        else window = present.slice(-limit);
        return window.reverse().map((id) => ({ id: String(id), authorId: `u${id % 3}`, bot: id % 5 === 0 }));
      },
      async probeMessage(_channelId: string, messageId: string): Promise<MessagePresence> {
        requests.push(`probe ${messageId}`);
        if (options.readable === false) {
          throw new DiscordRequestError("forbidden", "Discord answered 403 Missing Access", 403, 50001);
        }
        return present.includes(Number(messageId)) ? "present" : "absent";
      },
    },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function walk(api: ReturnType<typeof channel>["api"], spec: Partial<PageWalk>, accept = () => true) {
  const pages: WalkedPage[] = [];
  const outcome = await walkPages(
    { api, limiter: createLimiter(2) },
    { channelId: "c", direction: "backward", from: null, to: null, knownId: null, priority: "low", ...spec },
    (page) => {
      pages.push(page);
      return accept();
    },
  );
  const counted = pages.reduce((sum, page) => sum + page.tally.human + page.tally.bot, 0);
  return { outcome, pages, counted };
}

describe("walkPages backward", () => {
  it("pages from the newest message to the first, each page fetched with the last one's oldest id", async () => {
    const { api, requests } = channel(range(1001, 1250));
    const { outcome, pages, counted } = await walk(api, { knownId: "1250" });
    expect(counted).toBe(250);
    expect(pages.map((p) => [p.from, p.last])).toEqual([
      [null, false],
      ["1151", false],
      ["1051", true],
    ]);
    expect(outcome).toEqual({ kind: "complete", cursor: "1001" });
    expect(requests).toEqual(["page {}", 'page {"before":"1151"}', 'page {"before":"1051"}']);
  });

  it("stops at its lower bound, counting only ids above it", async () => {
    const { api } = channel(range(1001, 1500));
    const { outcome, counted, pages } = await walk(api, { from: "1401", to: "1150", knownId: "1300" });
    expect(counted).toBe(1400 - 1150);
    expect(pages.at(-1)?.last).toBe(true);
    expect(outcome.kind).toBe("complete");
  });

  it("an empty first page while the listed newest message exists but cannot be read: unreadable, nothing counted", async () => {
    const { api, requests } = channel(range(1001, 1050), { readable: false });
    const { outcome, pages } = await walk(api, { knownId: "1050" });
    expect(outcome.kind).toBe("unreadable");
    expect(pages).toEqual([]);
    expect(requests).toEqual(["page {}", "probe 1050"]);
  });

  it("an empty first page whose listed newest message was deleted: really empty, the walk is complete", async () => {
    const { api } = channel([1001, 1002], { deleted: [1001, 1002] });
    const { outcome, pages } = await walk(api, { knownId: "1002" });
    expect(outcome).toEqual({ kind: "complete", cursor: null });
    expect(pages.map((p) => p.last)).toEqual([true]);
  });

  it("an empty first page of a channel Discord lists with no message: no proof needed", async () => {
    const { api, requests } = channel([]);
    const { outcome } = await walk(api, { knownId: null });
    expect(outcome.kind).toBe("complete");
    expect(requests).toEqual(["page {}"]);
  });

  it("an empty page after counted pages is proven with the message at the cursor", async () => {
    const readable = channel(range(1001, 1200));
    const done = await walk(readable.api, { knownId: "1200" });
    expect(done.outcome).toEqual({ kind: "complete", cursor: "1001" });
    expect(readable.requests.at(-1)).toBe("probe 1001");
    // Resumed at a cursor in a channel that just lost Read Message History: the cursor message is the witness.
    const blind = channel(range(1001, 1200), { readable: false });
    const resumed = await walk(blind.api, { from: "1101", knownId: "1200" });
    expect(resumed.outcome.kind).toBe("unreadable");
    expect(blind.requests).toEqual(['page {"before":"1101"}', "probe 1101"]);
  });

  it("an empty page although the known message is there is Discord contradicting itself: a transient failure", async () => {
    const { api } = channel(range(1001, 1010));
    // The message exists, yet the list claims nothing before 2000: simulate by listing nothing.
    const lying = { ...api, fetchMessagePage: async () => [] };
    await expect(walk(lying, { knownId: "1005" })).rejects.toMatchObject({ kind: "transient" });
  });
});

describe("walkPages forward", () => {
  it("pages after the cursor, each page fetched with the last one's newest id", async () => {
    const { api, requests } = channel(range(1001, 1230));
    const { outcome, counted } = await walk(api, { direction: "forward", from: "1010", knownId: "1230" });
    expect(counted).toBe(220);
    expect(outcome).toEqual({ kind: "complete", cursor: "1230" });
    expect(requests).toEqual(['page {"after":"1010"}', 'page {"after":"1110"}', 'page {"after":"1210"}']);
  });

  it("stops below its upper bound (a recount's catch-up up to the live cursor)", async () => {
    const { api } = channel(range(1001, 1400));
    const { counted, outcome } = await walk(api, { direction: "forward", from: "1000", to: "1251", knownId: "1250" });
    expect(counted).toBe(250);
    expect(outcome).toEqual({ kind: "complete", cursor: "1250" });
  });

  it("[] while the listed newest message is above the cursor and unreadable: unreadable, not 'nothing new'", async () => {
    const { api, requests } = channel(range(1001, 1100), { readable: false });
    const { outcome } = await walk(api, { direction: "forward", from: "1050", knownId: "1100" });
    expect(outcome.kind).toBe("unreadable");
    expect(requests).toEqual(['page {"after":"1050"}', "probe 1100"]);
  });

  it("[] because the newest messages were deleted: complete, one probe", async () => {
    const { api, requests } = channel(range(1001, 1100), { deleted: range(1051, 1100) });
    const { outcome } = await walk(api, { direction: "forward", from: "1050", knownId: "1100" });
    expect(outcome).toEqual({ kind: "complete", cursor: "1050" });
    expect(requests).toEqual(['page {"after":"1050"}', "probe 1100"]);
  });

  it("[] with the cursor at the listed newest message needs no proof", async () => {
    const { api, requests } = channel(range(1001, 1100));
    await walk(api, { direction: "forward", from: "1100", knownId: "1100" });
    expect(requests).toEqual(['page {"after":"1100"}']);
  });
});

describe("walkPages stops", () => {
  it("when the handler refuses a page (the cursor moved): nothing more is fetched", async () => {
    const { api, requests } = channel(range(1001, 1500));
    const { outcome, pages } = await walk(api, { knownId: "1500" }, () => false);
    expect(outcome).toEqual({ kind: "stopped" });
    expect(pages).toHaveLength(1);
    expect(requests).toHaveLength(1);
  });

  it("when aborted, dropping the page in flight", async () => {
    const { api } = channel(range(1001, 1500));
    const controller = new AbortController();
    const slow = {
      ...api,
      fetchMessagePage: async (...args: Parameters<typeof api.fetchMessagePage>) => {
        controller.abort();
        return api.fetchMessagePage(...args);
      },
    };
    const { outcome, pages } = await walk(slow, { knownId: "1500", signal: controller.signal });
    expect(outcome).toEqual({ kind: "aborted" });
    expect(pages).toEqual([]);
  });

  it("a full page with nothing inside the window fails loudly instead of spinning", async () => {
    const full = Array.from({ length: PAGE_SIZE }, (_, i) => ({ id: String(5000 + i), authorId: "u", bot: false }));
    const api = { fetchMessagePage: async () => full, probeMessage: async () => "present" as const };
    await expect(walk(api, { from: "4000", knownId: null })).rejects.toMatchObject({ kind: "fatal" });
  });
});
