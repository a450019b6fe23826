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
  measureBackfills,
  progressBetween,
  remainingPages,
  remainingSpanMs,
  slowestChannelEtaSeconds,
  totalSpanMs,
} from "../../src/counter/backfill-eta.js";
import { createBackfillEtaTracker, summarizeFirstCount } from "../../src/counter/backfill-eta-tracker.js";
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
  it("splits unfinished rows into backfilling and stopped, per guild; listed guilds without any get empty ones", () => {
    const measures = measureBackfills(
      [
        // 90 days counted, 9,000 messages: 100 a day, 10 days left, 10 pages.
        row(at(0), { backfillBeforeId: at(10), lastSeenId: at(100), counted: 9000 }),
        row(at(1), { state: "forbidden", lastMessageId: at(40) }),
        row(at(2), { state: "deleted", backfillBeforeId: at(5) }),
        // Nothing counted in its guild yet: a page.
        row(at(3), { guildId: "h", lastMessageId: at(4) }),
        row(at(4), { type: 15, lastMessageId: at(9) }),
      ],
      ["g", "h", "quiet"],
    );
    expect(measures.get("g")).toEqual({
      remaining: new Map([[at(0), 10]]),
      counted: new Map([[at(0), 90]]),
      stopped: new Set([at(1), at(2)]),
    });
    expect(measures.get("h")).toEqual({
      remaining: new Map([[at(3), 1]]),
      counted: new Map([[at(3), 0]]),
      stopped: new Set(),
    });
    expect(measures.get("quiet")).toEqual({ remaining: new Map(), counted: new Map(), stopped: new Set() });
  });

  it("weighs each channel by its own density, and one not sampled yet by its guild's", () => {
    const measure = measureBackfills(
      [
        // Dense: 10 days counted, 100,000 messages (10,000 a day); 20 days left: 2,000 pages.
        row(at(0), { backfillBeforeId: at(20), lastSeenId: at(30), counted: 100_000 }),
        // Sparse: 10 days counted, 1,000 messages (100 a day); 20 days left: 20 pages, for the same span.
        row(at(10), { backfillBeforeId: at(30), lastSeenId: at(40), counted: 1000 }),
        // Not begun: 10 days at the guild's 101,000 messages over 20 days, 5,050 a day: 505 pages.
        row(at(20), { lastMessageId: at(30) }),
      ],
      ["g"],
    ).get("g");
    expect([...(measure?.remaining.values() ?? [])]).toEqual([2000, 20, 505]);
  });
});

describe("progressBetween", () => {
  /** Channel → [pages left, pages counted]. */
  const measure = (channels: Record<string, [number, number]>, stopped: string[] = []): BackfillMeasure => ({
    remaining: new Map(Object.entries(channels).map(([id, [left]]) => [id, left])),
    counted: new Map(Object.entries(channels).map(([id, [, counted]]) => [id, counted])),
    stopped: new Set(stopped),
  });

  it("counts the pages each channel counted, the estimated rest of a finished one, nothing of a stopped or new one", () => {
    const before = measure({ counts: [10, 5], finishes: [7, 30], stops: [5, 1], relearnt: [3, 2] });
    // "relearnt": its estimate grew from 3 to 40 pages left as its density was learnt; it still counted 4 pages.
    const after = measure({ counts: [4, 11], relearnt: [40, 6], new: [100, 3] }, ["stops"]);
    expect(progressBetween(before, after)).toBe(6 + 7 + 4);
  });
});

describe("addObservation", () => {
  const o = (atMs: number, remaining: number, progress = 0): BackfillObservation => ({ at: atMs, remaining, progress });

  it("merges an observation within mergeWithinMs into the last one, adding up the progress", () => {
    const list = addObservation([o(0, 100), o(10_000, 90, 10)], o(13_000, 85, 5));
    expect(list).toEqual([o(0, 100), o(13_000, 85, 15)]);
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

describe("each channel's own pace", () => {
  /** Channel → [pages left, pages counted]. */
  const measure = (entries: [string, number, number][]): BackfillMeasure => ({
    remaining: new Map(entries.map(([id, left]) => [id, left])),
    counted: new Map(entries.map(([id, , counted]) => [id, counted])),
    stopped: new Set(),
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

  it("gives the slowest channel's time left at its own pace, ignoring channels without one yet", () => {
    const pace = (at: number, counted: number) => ({ older: { at, counted }, newer: { at, counted } });
    const paces = new Map([
      ["big", pace(0, 0)],
      ["small", pace(0, 50)],
      ["stalled", pace(0, 7)],
      ["young", pace(90_000, 0)],
    ]);
    const now = measure([
      ["big", 900, 100], // 100 pages in 2 minutes, 900 left: 18 minutes
      ["small", 20, 130], // 80 pages in 2 minutes, 20 left: 30 s
      ["stalled", 50, 7], // no progress: no pace
      ["young", 40, 10], // 30 s of pace, under minSpanMs
      ["new", 70, 0], // never seen before
    ]);
    expect(slowestChannelEtaSeconds(paces, now, 120_000)).toBe(18 * 60);
    expect(slowestChannelEtaSeconds(paces, measure([["stalled", 50, 7]]), 120_000)).toBeNull();
  });

  it("takes the later of the guild's and the slowest channel's estimate; 0 and null as the guild's says", () => {
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
    // 100 messages a day in both channels: a page a day. The second one, not begun, is weighed by the first.
    let rows: BackfillRow[] = [
      row(at(0), { backfillBeforeId: at(100), lastSeenId: at(300), counted: 20_000 }),
      row(at(200), { lastMessageId: at(250) }),
    ];
    const tracker = createBackfillEtaTracker({
      readUnfinished: () => rows,
      readListedGuilds: () => ["g", "done"],
      clock: () => now,
    });
    expect(tracker.sample()).toEqual(
      new Map([
        ["g", { remainingPages: 150, backfilling: 2, etaSeconds: null }],
        ["done", { remainingPages: 0, backfilling: 0, etaSeconds: 0 }],
      ]),
    );
    now += 60_000;
    rows = [
      row(at(0), { backfillBeforeId: at(90), lastSeenId: at(300), counted: 21_000 }),
      row(at(200), { backfillBeforeId: at(249), lastSeenId: at(250), counted: 100 }),
    ];
    // 11 pages counted in a minute, 139 left: 139/11 minutes (759 s) at the guild's pace; but the second channel
    // moved 1 page in that minute with 49 to go: 49 minutes at its own pace, the later of the two.
    expect(tracker.sample().get("g")).toEqual({ remainingPages: 139, backfilling: 2, etaSeconds: 49 * 60 });
    now += 60_000;
    rows = [row(at(200), { backfillBeforeId: at(238), lastSeenId: at(250), counted: 1200 })];
    // The first one finished (90 pages), the second moved 11: 112 pages in two minutes, 38 left, 41 s at the guild's
    // pace; the second channel alone moved 12 pages in two minutes: 380 s, which is when the count ends.
    expect(tracker.current().get("g")?.etaSeconds).toBe(49 * 60);
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
