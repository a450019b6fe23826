import { describe, expect, it } from "vitest";
import {
  addObservation,
  advanceChannelPaces,
  type BackfillMeasure,
  type BackfillObservation,
  backfillCoverage,
  combineEtaSeconds,
  DEFAULT_ETA_POLICY,
  estimateEtaSeconds,
  largestChannelEtaSeconds,
  measureBackfills,
  progressBetween,
  remainingPages,
  remainingSpanMs,
  totalSpanMs,
} from "../../src/counter/backfill-eta.js";
import { createBackfillEtaTracker, summarizeFirstCount } from "../../src/counter/backfill-eta-tracker.js";
import { FIRST_PAGE_WEIGHT } from "../../src/counter/backfill-weight.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import type { BackfillRow } from "../../src/store/backfill-read.js";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
/** A snowflake `days` days after T0 (ids carry milliseconds, so spans below are exact). */
const at = (days: number) => snowflakeAt(T0 + days * DAY);

function row(id: string, extra: Partial<BackfillRow> = {}): BackfillRow {
  return {
    guildId: "g",
    id,
    type: 0,
    state: "backfilling",
    backfillDone: false,
    backfillBeforeId: null,
    lastSeenId: null,
    lastMessageId: null,
    counted: 0,
    ...extra,
  };
}

describe("remainingSpanMs and totalSpanMs", () => {
  it("measure from the cursor, or before the first page from the newest message, back to the creation", () => {
    const created = at(0);
    expect(remainingSpanMs(row(created, { backfillBeforeId: at(30), lastSeenId: at(100) }))).toBe(30 * DAY);
    expect(totalSpanMs(row(created, { backfillBeforeId: at(30), lastSeenId: at(100) }))).toBe(100 * DAY);
    expect(remainingSpanMs(row(created, { lastMessageId: at(80) }))).toBe(80 * DAY);
    expect(totalSpanMs(row(created, { lastMessageId: at(80) }))).toBe(80 * DAY);
  });

  it("are 0 for a finished, an empty and a forum channel", () => {
    expect(remainingSpanMs(row(at(0), { backfillDone: true, lastSeenId: at(9) }))).toBe(0);
    expect(totalSpanMs(row(at(0), { backfillDone: true, lastSeenId: at(9) }))).toBe(9 * DAY);
    expect(remainingSpanMs(row(at(0)))).toBe(0);
    expect(remainingSpanMs(row(at(0), { type: 15, lastMessageId: at(5) }))).toBe(0);
    expect(totalSpanMs(row(at(0), { type: 4, lastMessageId: at(5) }))).toBe(0);
  });
});

describe("remainingPages", () => {
  it("is the remaining span at the density, 100 messages a page, at least one while any span remains", () => {
    const created = at(0);
    // 30 days left at 500 messages a day: 15,000 messages, 150 pages.
    expect(remainingPages(row(created, { backfillBeforeId: at(30) }), 500 / DAY)).toBe(150);
    expect(remainingPages(row(created, { backfillBeforeId: at(30) }), 0)).toBe(1);
    expect(remainingPages(row(created, { backfillBeforeId: at(30), backfillDone: true }), 500 / DAY)).toBe(0);
  });
});

describe("measureBackfills", () => {
  it("measures the backfilling rows per guild, not stopped ones; listed guilds without any get empty ones", () => {
    const measures = measureBackfills(
      [
        // 90 days counted, 9,000 messages: 100 a day, 10 days left, 10 pages.
        row(at(0), { backfillBeforeId: at(10), lastSeenId: at(100), counted: 9000 }),
        row(at(1), { state: "forbidden", lastMessageId: at(40) }),
        row(at(2), { state: "deleted", backfillBeforeId: at(5) }),
        // Not begun: the scheduler's guess, 10 pages.
        row(at(3), { guildId: "h", lastMessageId: at(4) }),
        row(at(4), { type: 15, lastMessageId: at(9) }),
      ],
      ["g", "h", "quiet"],
    );
    expect(measures.get("g")).toEqual({
      remaining: new Map([[at(0), 10]]),
      counted: new Map([[at(0), 90]]),
      countedTotal: 0,
    });
    expect(measures.get("h")).toEqual({
      remaining: new Map([[at(3), 10]]),
      counted: new Map([[at(3), 0]]),
      countedTotal: 0,
    });
    expect(measures.get("quiet")).toEqual({
      remaining: new Map(),
      counted: new Map(),
      countedTotal: 0,
    });
  });

  it("takes each guild's pages counted from the messages counted in all its channels, finished ones too", () => {
    const measures = measureBackfills(
      [row(at(0), { guildId: "h", backfillBeforeId: at(1) })],
      ["g"],
      new Map([
        ["g", 12_345],
        ["h", 50],
      ]),
    );
    expect(measures.get("g")?.countedTotal).toBe(123.45);
    expect(measures.get("h")?.countedTotal).toBe(0.5);
  });

  it("weighs each channel by its own density, and one not begun at the scheduler's guess", () => {
    const measure = measureBackfills(
      [
        // Dense: 10 days counted, 100,000 messages (10,000 a day); 20 days left: 2,000 pages.
        row(at(0), { backfillBeforeId: at(20), lastSeenId: at(30), counted: 100_000 }),
        // Sparse: 10 days counted, 1,000 messages (100 a day); 20 days left: 20 pages, for the same span.
        row(at(10), { backfillBeforeId: at(30), lastSeenId: at(40), counted: 1000 }),
        // Not begun: 10 pages (FIRST_PAGE_WEIGHT), not the dense channel's 100,000 messages for its 10 days.
        row(at(30), { lastMessageId: at(40) }),
        // Not begun and never had a message: nothing.
        row(at(40)),
      ],
      ["g"],
    ).get("g");
    expect([...(measure?.remaining.values() ?? [])]).toEqual([2000, 20, FIRST_PAGE_WEIGHT, 0]);
  });
});

describe("progressBetween", () => {
  const measure = (countedTotal: number, remaining: [string, number][] = []): BackfillMeasure => ({
    remaining: new Map(remaining),
    counted: new Map(remaining.map(([id]) => [id, 0])),
    countedTotal,
  });

  it("is the pages the guild counted in between, channels that began and finished meanwhile included", () => {
    // "quick" was not begun (a page, as estimated then) and finished meanwhile with its 25 pages: they count.
    expect(
      progressBetween(
        measure(100, [
          ["quick", 1],
          ["big", 500],
        ]),
        measure(137, [["big", 488]]),
      ),
    ).toBe(37);
  });

  it("is never negative: a recount that lowered the total is no progress", () => {
    expect(progressBetween(measure(100), measure(90))).toBe(0);
  });
});

describe("addObservation", () => {
  const o = (atMs: number, remaining: number, progress = 0): BackfillObservation => ({ at: atMs, remaining, progress });

  it("merges an observation within mergeWithinMs of the one before the newest into the newest, adding up the progress", () => {
    const list = addObservation([o(0, 100), o(10_000, 90, 10), o(12_000, 88, 2)], o(14_000, 85, 3));
    expect(list).toEqual([o(0, 100), o(10_000, 90, 10), o(14_000, 85, 5)]);
  });

  it("keeps observations about mergeWithinMs apart when read every second, none of the progress lost", () => {
    let list: BackfillObservation[] = [];
    for (let second = 0; second <= 12; second++) list = addObservation(list, o(second * 1000, 100 - second, 1));
    expect(list.map((x) => x.at)).toEqual([0, 4000, 8000, 12_000]);
    expect(list.reduce((sum, x) => sum + x.progress, 0)).toBe(13);
  });

  it("forgets observations older than the window before the newest", () => {
    const policy = { ...DEFAULT_ETA_POLICY, windowMs: 60_000 };
    const list = addObservation([o(0, 100), o(30_000, 90, 10), o(50_000, 80, 10)], o(70_000, 70, 10), policy);
    expect(list.map((x) => x.at)).toEqual([30_000, 50_000, 70_000]);
  });
});

describe("estimateEtaSeconds", () => {
  const o = (atMs: number, remaining: number, progress: number): BackfillObservation => ({
    at: atMs,
    remaining,
    progress,
  });

  it("is the pages left over the window's pace: 3,000 pages left at 1,000 per 10 minutes is 30 minutes", () => {
    const list = [o(0, 4000, 999_999), o(300_000, 3500, 500), o(600_000, 3000, 500)];
    expect(estimateEtaSeconds(list)).toBe(1800);
  });

  it("rounds up to a whole second", () => {
    expect(estimateEtaSeconds([o(0, 10, 0), o(60_000, 7, 3)])).toBe(140);
  });

  it("is null without observations, over less than minSpanMs, or when nothing was counted (stalled)", () => {
    expect(estimateEtaSeconds([])).toBeNull();
    expect(estimateEtaSeconds([o(0, DAY, 0)])).toBeNull();
    expect(estimateEtaSeconds([o(0, 2 * DAY, 0), o(59_999, DAY, DAY)])).toBeNull();
    expect(estimateEtaSeconds([o(0, DAY, 0), o(120_000, DAY, 0)])).toBeNull();
  });

  it("is 0 once nothing remains, even from a single observation", () => {
    expect(estimateEtaSeconds([o(5, 0, 0)])).toBe(0);
  });
});

describe("each channel's pace", () => {
  /** Channel → [pages left, pages counted]. */
  const measure = (entries: [string, number, number][]): BackfillMeasure => ({
    remaining: new Map(entries.map(([id, left]) => [id, left])),
    counted: new Map(entries.map(([id, , counted]) => [id, counted])),
    countedTotal: entries.reduce((sum, [, , counted]) => sum + counted, 0),
  });
  const HALF_WINDOW = DEFAULT_ETA_POLICY.windowMs / 2;

  it("starts at a channel's first measure, keeps its anchors within half a window, then moves them on", () => {
    let paces = advanceChannelPaces(new Map(), measure([["a", 100, 0]]), 0);
    expect(paces.get("a")).toEqual({ older: { at: 0, counted: 0 }, newer: { at: 0, counted: 0 } });
    paces = advanceChannelPaces(paces, measure([["a", 90, 10]]), HALF_WINDOW - 1);
    expect(paces.get("a")?.older.at).toBe(0);
    paces = advanceChannelPaces(paces, measure([["a", 80, 20]]), HALF_WINDOW);
    expect(paces.get("a")).toEqual({ older: { at: 0, counted: 0 }, newer: { at: HALF_WINDOW, counted: 20 } });
    paces = advanceChannelPaces(paces, measure([["a", 60, 40]]), 2 * HALF_WINDOW);
    expect(paces.get("a")?.older).toEqual({ at: HALF_WINDOW, counted: 20 });
    // Finished or stopped: no longer measured, forgotten.
    expect(advanceChannelPaces(paces, measure([]), 3 * HALF_WINDOW).size).toBe(0);
  });

  it("gives the largest channel's time left at the fastest pace a channel kept, even one waiting behind others", () => {
    const pace = (at: number, counted: number) => ({ older: { at, counted }, newer: { at, counted } });
    const paces = new Map([
      ["big", pace(0, 0)],
      ["small", pace(0, 50)],
      ["waiting", pace(0, 7)],
      ["young", pace(90_000, 0)],
    ]);
    const now = (big: number) =>
      measure([
        ["big", big, 100], // 100 pages in 2 minutes: the fastest pace, 1.2 s a page
        ["small", 20, 130], // 80 pages in 2 minutes
        ["waiting", 300, 8], // 1 page in 2 minutes, waiting for its turn: 300 pages left
        ["young", 40, 90], // 30 s of pace, under minSpanMs: not a pace to go by
        ["new", 70, 0], // never seen before
      ]);
    // The big channel, 900 pages left at 1.2 s a page: 18 minutes.
    expect(largestChannelEtaSeconds(paces, now(900), 120_000)).toBe(18 * 60);
    // 200 left: the waiting channel's 300 pages are the most, at the fastest pace 6 minutes (at its own, 10 hours).
    expect(largestChannelEtaSeconds(paces, now(200), 120_000)).toBe(6 * 60);
    expect(largestChannelEtaSeconds(paces, measure([["waiting", 50, 7]]), 120_000)).toBeNull();
  });

  it("takes the later of the guild's and the largest channel's estimate; 0 and null as the guild's says", () => {
    expect(combineEtaSeconds(41, 380)).toBe(380);
    expect(combineEtaSeconds(759, 300)).toBe(759);
    expect(combineEtaSeconds(null, 300)).toBe(300);
    expect(combineEtaSeconds(41, null)).toBe(41);
    expect(combineEtaSeconds(null, null)).toBeNull();
    expect(combineEtaSeconds(0, 300)).toBe(0);
  });
});

describe("backfillCoverage", () => {
  it("is the counted share of the combined lifetime of backfilling and counted channels", () => {
    const rows = [
      row(at(0), { backfillBeforeId: at(30), lastSeenId: at(100) }), // 70 of 100 days counted
      row(at(0), { state: "ready", backfillDone: true, lastSeenId: at(100) }), // 100 of 100
      row(at(0), { state: "forbidden", lastMessageId: at(500) }), // not counted either way
    ];
    expect(backfillCoverage(rows)).toBeCloseTo(170 / 200, 12);
    expect(backfillCoverage([])).toBeNull();
  });
});

describe("the tracker", () => {
  it("estimates from periodic samples, with an injected clock and reads", () => {
    let now = T0 + 400 * DAY;
    // 100 messages a day in both channels: a page a day. The second one, not begun, is the scheduler's 10 pages.
    let rows: BackfillRow[] = [
      row(at(0), { backfillBeforeId: at(100), lastSeenId: at(300), counted: 20_000 }),
      row(at(200), { lastMessageId: at(250) }),
    ];
    // Messages counted in all of the guild's channels: the first one ends with 30,000.
    let counted = 20_000;
    const tracker = createBackfillEtaTracker({
      readUnfinished: () => rows,
      readListedGuilds: () => ["g", "done"],
      readCountedByGuild: () => new Map([["g", counted]]),
      clock: () => now,
    });
    expect(tracker.sample()).toEqual(
      new Map([
        ["g", { remainingPages: 100 + FIRST_PAGE_WEIGHT, backfilling: 2, etaSeconds: null }],
        ["done", { remainingPages: 0, backfilling: 0, etaSeconds: 0 }],
      ]),
    );
    now += 60_000;
    counted = 21_100;
    rows = [
      row(at(0), { backfillBeforeId: at(90), lastSeenId: at(300), counted: 21_000 }),
      row(at(200), { backfillBeforeId: at(249), lastSeenId: at(250), counted: 100 }),
    ];
    // 11 pages counted in a minute, 139 left: 139/11 minutes (759 s) at the guild's pace. The first channel's 10 pages
    // a minute is the fastest pace: its 90 pages left, the most, take 9 minutes at it, sooner than the guild's.
    expect(tracker.sample().get("g")).toEqual({ remainingPages: 139, backfilling: 2, etaSeconds: 759 });
    now += 60_000;
    counted = 31_200;
    rows = [row(at(200), { backfillBeforeId: at(238), lastSeenId: at(250), counted: 1200 })];
    // The first one finished (90 pages), the second moved 11: 112 pages in two minutes, 38 left, 41 s at the guild's
    // pace; the second channel alone moved 12 pages in two minutes: 380 s, which is when the count ends.
    expect(tracker.current().get("g")?.etaSeconds).toBe(759);
    expect(tracker.sample().get("g")).toEqual({ remainingPages: 38, backfilling: 1, etaSeconds: 380 });
    now += 60_000;
    rows = [];
    expect(tracker.sample().get("g")).toEqual({ remainingPages: 0, backfilling: 0, etaSeconds: 0 });
  });
});

describe("the tracker's refresh", () => {
  it("reads again only when the data changed or 15 s passed", () => {
    let now = T0;
    let reads = 0;
    const tracker = createBackfillEtaTracker({
      readUnfinished: () => {
        reads++;
        return [];
      },
      readListedGuilds: () => ["g"],
      readCountedByGuild: () => new Map(),
      clock: () => now,
    });
    tracker.refresh("a");
    tracker.refresh("a");
    now += 14_999;
    tracker.refresh("a");
    expect(reads).toBe(1);
    tracker.refresh("b");
    expect(reads).toBe(2);
    now += 15_000;
    expect(tracker.refresh("b").get("g")?.etaSeconds).toBe(0);
    expect(reads).toBe(3);
  });
});

describe("summarizeFirstCount", () => {
  it("adds each guild's coverage to its estimate", () => {
    const estimates = new Map([
      ["g", { remainingPages: 30, backfilling: 1, etaSeconds: 600 }],
      ["h", { remainingPages: 0, backfilling: 0, etaSeconds: 0 }],
    ]);
    const rows = [
      row(at(0), { backfillBeforeId: at(30), lastSeenId: at(100) }),
      row(at(0), { guildId: "h", state: "ready", backfillDone: true, lastSeenId: at(5) }),
    ];
    expect(summarizeFirstCount(estimates, rows)).toEqual(
      new Map([
        ["g", { backfilling: 1, coverage: 0.7, etaSeconds: 600 }],
        ["h", { backfilling: 0, coverage: 1, etaSeconds: 0 }],
      ]),
    );
  });
});
