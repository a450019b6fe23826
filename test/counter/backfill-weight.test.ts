import { describe, expect, it } from "vitest";
import { estimateRemainingPages } from "../../src/counter/backfill-weight.js";
import { tallyPage } from "../../src/counter/tally.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";

const DAY = 86_400_000;
const created = Date.UTC(2020, 0, 1);
const channelId = snowflakeAt(created);

function pageBetween(fromMs: number, toMs: number, count: number) {
  return tallyPage(
    Array.from({ length: count }, (_, i) => ({
      id: snowflakeAt(toMs - ((toMs - fromMs) * i) / Math.max(1, count - 1)),
      authorId: "a",
      bot: false,
    })).map((m, i) => ({ ...m, id: (BigInt(m.id) + BigInt(i)).toString() })),
  );
}

describe("estimateRemainingPages", () => {
  it("divides the time left to cover by the time one page covered", () => {
    // A page of 100 messages spanning one day, 1000 days after the channel was created: about 1000 pages left.
    const page = pageBetween(created + 1000 * DAY, created + 1001 * DAY, 100);
    expect(estimateRemainingPages(channelId, page, 100)).toBeCloseTo(1000, -1);
  });

  it("says a busy channel has more left than a quiet one of the same age", () => {
    const busy = pageBetween(created + 999 * DAY, created + 1000 * DAY, 100);
    const quiet = pageBetween(created + 900 * DAY, created + 1000 * DAY, 100);
    expect(estimateRemainingPages(channelId, busy, 100)).toBeGreaterThan(estimateRemainingPages(channelId, quiet, 100));
  });

  it("is 0 after a short page: the start of the channel was reached", () => {
    expect(estimateRemainingPages(channelId, pageBetween(created, created + DAY, 40), 100)).toBe(0);
  });
});
