import { describe, expect, it } from "vitest";
import {
  activeState,
  type ChannelEvent,
  type ChannelFailure,
  type ChannelStatus,
  isRetryDue,
  isTerminal,
  type LifecyclePolicy,
  type LifecycleRow,
  nextChannelStatus,
} from "../../src/counter/channel-lifecycle.js";
import { lifecyclePolicy } from "../../src/counter/policy.js";
import { CHANNEL_STATES } from "../../src/store/channel-states.js";

// node_exporter style: literal rows in, literal statuses out, one line per cell. Every expected value is written out
// here, never computed with the code under test.

const NOW = 1_000_000;
const POLICY: LifecyclePolicy = { blockedRetryMs: 6_000, failureRetryMs: 1_000, transientRetryMs: 50 };

/**
 * One stored row per state, each with an earlier failure (an error and a retry time, where the state can have them)
 * so that every cell shows whether they are kept or cleared. The backfilling and unreadable rows have not finished
 * their backfill; the others have. Further rows vary one field of these.
 */
const ROWS = {
  backfilling: { state: "backfilling", type: 0, backfillDone: false, retryAt: 999_000, lastError: "earlier 500" },
  ready: { state: "ready", type: 0, backfillDone: true, retryAt: 999_000, lastError: "earlier 500" },
  forbidden: { state: "forbidden", type: 0, backfillDone: true, retryAt: 1_000_000, lastError: "earlier 403" },
  unreadable: { state: "unreadable", type: 0, backfillDone: false, retryAt: 1_000_000, lastError: "earlier []" },
  deleted: { state: "deleted", type: 0, backfillDone: true, retryAt: null, lastError: "earlier 404" },
  excluded: { state: "excluded", type: 0, backfillDone: false, retryAt: null, lastError: null },
  "ready, healthy": { state: "ready", type: 0, backfillDone: true, retryAt: null, lastError: null },
  "backfilling, healthy": { state: "backfilling", type: 0, backfillDone: false, retryAt: null, lastError: null },
  "forbidden, backfill unfinished": {
    state: "forbidden",
    type: 0,
    backfillDone: false,
    retryAt: 1_000_005,
    lastError: "earlier 403",
  },
  "unreadable, backfill done": {
    state: "unreadable",
    type: 0,
    backfillDone: true,
    retryAt: 1_000_000,
    lastError: "earlier []",
  },
  "deleted forum": { state: "deleted", type: 15, backfillDone: false, retryAt: null, lastError: "earlier 404" },
  "excluded, backfill done": { state: "excluded", type: 0, backfillDone: true, retryAt: null, lastError: null },
} satisfies Record<string, LifecycleRow>;

type From = keyof typeof ROWS | "not stored";

const EVENTS = {
  first_listed: { kind: "first_listed", type: 0, excluded: false },
  "first_listed excluded": { kind: "first_listed", type: 0, excluded: true },
  "first_listed forum": { kind: "first_listed", type: 15, excluded: false },
  "first_listed category": { kind: "first_listed", type: 4, excluded: false },
  "first_listed voice": { kind: "first_listed", type: 2, excluded: false },
  listed: { kind: "listed", excluded: false },
  "listed excluded": { kind: "listed", excluded: true },
  page_applied: { kind: "page_applied" },
  backfill_finished: { kind: "backfill_finished" },
  history_unreadable: { kind: "history_unreadable", reason: "200 [] below 1500" },
  "failed forbidden": { kind: "failed", failure: "forbidden", reason: "403 Missing Access" },
  "failed not_found": { kind: "failed", failure: "not_found", reason: "404 Unknown Channel" },
  "failed transient": { kind: "failed", failure: "transient", reason: "503 Service Unavailable" },
  "failed fatal": { kind: "failed", failure: "fatal", reason: "400 Bad Request" },
  "failed internal": { kind: "failed", failure: "internal", reason: "SQLITE_BUSY" },
  access_restored: { kind: "access_restored" },
  still_blocked: { kind: "still_blocked", reason: "403 again" },
} satisfies Record<string, ChannelEvent>;

type EventName = keyof typeof EVENTS;

// The events of the grid: every kind, and every failure, once. The compiler keeps these two lists complete.
const GRID_KINDS: Record<ChannelEvent["kind"], EventName[]> = {
  first_listed: ["first_listed", "first_listed excluded"],
  listed: ["listed", "listed excluded"],
  page_applied: ["page_applied"],
  backfill_finished: ["backfill_finished"],
  history_unreadable: ["history_unreadable"],
  failed: ["failed forbidden", "failed not_found", "failed transient", "failed fatal", "failed internal"],
  access_restored: ["access_restored"],
  still_blocked: ["still_blocked"],
};
const GRID_FAILURES: Record<ChannelFailure, EventName> = {
  forbidden: "failed forbidden",
  not_found: "failed not_found",
  transient: "failed transient",
  fatal: "failed fatal",
  internal: "failed internal",
};

const s = (state: ChannelStatus["state"], retryAt: number | null, lastError: string | null): ChannelStatus => ({
  state,
  retryAt,
  lastError,
});

const CASES: [From, EventName, ChannelStatus | null][] = [
  // A channel not stored yet: only its first listing gives it a status.
  ["not stored", "first_listed", s("backfilling", null, null)],
  ["not stored", "first_listed excluded", s("excluded", null, null)],
  ["not stored", "first_listed forum", s("ready", null, null)],
  ["not stored", "first_listed category", s("ready", null, null)],
  ["not stored", "first_listed voice", s("backfilling", null, null)],
  ["not stored", "listed", null],
  ["not stored", "listed excluded", null],
  ["not stored", "page_applied", null],
  ["not stored", "backfill_finished", null],
  ["not stored", "history_unreadable", null],
  ["not stored", "failed forbidden", null],
  ["not stored", "failed not_found", null],
  ["not stored", "failed transient", null],
  ["not stored", "failed fatal", null],
  ["not stored", "failed internal", null],
  ["not stored", "access_restored", null],
  ["not stored", "still_blocked", null],

  ["backfilling", "first_listed", null],
  ["backfilling", "first_listed excluded", null],
  ["backfilling", "listed", null],
  ["backfilling", "listed excluded", s("excluded", null, null)],
  ["backfilling", "page_applied", s("backfilling", null, null)],
  ["backfilling", "backfill_finished", s("ready", 999_000, "earlier 500")],
  ["backfilling", "history_unreadable", s("unreadable", 1_006_000, "200 [] below 1500")],
  ["backfilling", "failed forbidden", s("forbidden", 1_006_000, "403 Missing Access")],
  ["backfilling", "failed not_found", { ...s("deleted", null, "404 Unknown Channel"), deletedAt: 1_000_000 }],
  ["backfilling", "failed transient", s("backfilling", 1_000_050, "503 Service Unavailable")],
  ["backfilling", "failed fatal", s("backfilling", 1_001_000, "400 Bad Request")],
  ["backfilling", "failed internal", s("backfilling", 1_001_000, "SQLITE_BUSY")],
  ["backfilling", "access_restored", null],
  ["backfilling", "still_blocked", null],

  ["ready", "first_listed", null],
  ["ready", "first_listed excluded", null],
  ["ready", "listed", null],
  ["ready", "listed excluded", s("excluded", null, null)],
  ["ready", "page_applied", s("ready", null, null)],
  ["ready", "backfill_finished", null],
  ["ready", "history_unreadable", s("unreadable", 1_006_000, "200 [] below 1500")],
  ["ready", "failed forbidden", s("forbidden", 1_006_000, "403 Missing Access")],
  ["ready", "failed not_found", { ...s("deleted", null, "404 Unknown Channel"), deletedAt: 1_000_000 }],
  ["ready", "failed transient", s("ready", 1_000_050, "503 Service Unavailable")],
  ["ready", "failed fatal", s("ready", 1_001_000, "400 Bad Request")],
  ["ready", "failed internal", s("ready", 1_001_000, "SQLITE_BUSY")],
  ["ready", "access_restored", null],
  ["ready", "still_blocked", null],

  ["forbidden", "first_listed", null],
  ["forbidden", "first_listed excluded", null],
  // Being listed proves View Channel, not Read Message History or Connect: blocked until the retry time.
  ["forbidden", "listed", null],
  ["forbidden", "listed excluded", s("excluded", null, null)],
  ["forbidden", "page_applied", s("ready", null, null)],
  ["forbidden", "backfill_finished", null],
  ["forbidden", "history_unreadable", s("unreadable", 1_006_000, "200 [] below 1500")],
  ["forbidden", "failed forbidden", s("forbidden", 1_006_000, "403 Missing Access")],
  ["forbidden", "failed not_found", { ...s("deleted", null, "404 Unknown Channel"), deletedAt: 1_000_000 }],
  ["forbidden", "failed transient", s("forbidden", 1_000_050, "503 Service Unavailable")],
  ["forbidden", "failed fatal", s("forbidden", 1_001_000, "400 Bad Request")],
  ["forbidden", "failed internal", s("forbidden", 1_001_000, "SQLITE_BUSY")],
  // The last error stays until a page is counted.
  ["forbidden", "access_restored", s("ready", null, "earlier 403")],
  ["forbidden", "still_blocked", s("forbidden", 1_006_000, "403 again")],

  ["unreadable", "first_listed", null],
  ["unreadable", "first_listed excluded", null],
  ["unreadable", "listed", null],
  ["unreadable", "listed excluded", s("excluded", null, null)],
  ["unreadable", "page_applied", s("backfilling", null, null)],
  ["unreadable", "backfill_finished", null],
  ["unreadable", "history_unreadable", s("unreadable", 1_006_000, "200 [] below 1500")],
  ["unreadable", "failed forbidden", s("forbidden", 1_006_000, "403 Missing Access")],
  ["unreadable", "failed not_found", { ...s("deleted", null, "404 Unknown Channel"), deletedAt: 1_000_000 }],
  ["unreadable", "failed transient", s("unreadable", 1_000_050, "503 Service Unavailable")],
  ["unreadable", "failed fatal", s("unreadable", 1_001_000, "400 Bad Request")],
  ["unreadable", "failed internal", s("unreadable", 1_001_000, "SQLITE_BUSY")],
  ["unreadable", "access_restored", s("backfilling", null, "earlier []")],
  ["unreadable", "still_blocked", s("unreadable", 1_006_000, "403 again")],

  ["deleted", "first_listed", null],
  ["deleted", "first_listed excluded", null],
  // Discord restores nothing, but a test world or a mistaken 404 can bring a channel back.
  ["deleted", "listed", { ...s("ready", null, null), deletedAt: null }],
  ["deleted", "listed excluded", s("excluded", null, null)],
  ["deleted", "page_applied", null],
  ["deleted", "backfill_finished", null],
  ["deleted", "history_unreadable", null],
  ["deleted", "failed forbidden", null],
  ["deleted", "failed not_found", null],
  ["deleted", "failed transient", null],
  ["deleted", "failed fatal", null],
  ["deleted", "failed internal", null],
  ["deleted", "access_restored", null],
  ["deleted", "still_blocked", null],

  ["excluded", "first_listed", null],
  ["excluded", "first_listed excluded", null],
  ["excluded", "listed", { ...s("backfilling", null, null), deletedAt: null }],
  ["excluded", "listed excluded", null],
  ["excluded", "page_applied", null],
  ["excluded", "backfill_finished", null],
  ["excluded", "history_unreadable", null],
  ["excluded", "failed forbidden", null],
  ["excluded", "failed not_found", null],
  ["excluded", "failed transient", null],
  ["excluded", "failed fatal", null],
  ["excluded", "failed internal", null],
  ["excluded", "access_restored", null],
  ["excluded", "still_blocked", null],

  // A page on a healthy channel writes nothing; so does its listing.
  ["ready, healthy", "page_applied", null],
  ["ready, healthy", "listed", null],
  ["ready, healthy", "failed transient", s("ready", 1_000_050, "503 Service Unavailable")],
  ["backfilling, healthy", "page_applied", null],
  ["backfilling, healthy", "listed", null],
  ["backfilling, healthy", "backfill_finished", s("ready", null, null)],
  // A blocked channel comes back to where its backfill is.
  ["forbidden, backfill unfinished", "listed", null],
  ["forbidden, backfill unfinished", "page_applied", s("backfilling", null, null)],
  ["forbidden, backfill unfinished", "backfill_finished", null],
  ["forbidden, backfill unfinished", "access_restored", s("backfilling", null, "earlier 403")],
  ["unreadable, backfill done", "page_applied", s("ready", null, null)],
  ["unreadable, backfill done", "access_restored", s("ready", null, "earlier []")],
  // A forum holds no messages of its own: nothing to backfill when it comes back.
  ["deleted forum", "listed", { ...s("ready", null, null), deletedAt: null }],
  ["excluded, backfill done", "listed", { ...s("ready", null, null), deletedAt: null }],
];

describe("nextChannelStatus", () => {
  it.each(CASES)("%s + %s", (from, eventName, want) => {
    const row = from === "not stored" ? null : ROWS[from];
    expect(nextChannelStatus(row, EVENTS[eventName], NOW, POLICY)).toEqual(want);
  });

  it("the table has a cell for every stored state and the unstored channel, by every kind of event", () => {
    const gridEvents = Object.values(GRID_KINDS).flat();
    expect(new Set(gridEvents)).toEqual(new Set([...Object.values(GRID_FAILURES), ...gridEvents]));
    const cells = new Set(CASES.map(([from, eventName]) => `${from} | ${eventName}`));
    const missing = ["not stored", ...CHANNEL_STATES].flatMap((from) =>
      gridEvents.filter((eventName) => !cells.has(`${from} | ${eventName}`)).map((e) => `${from} | ${e}`),
    );
    expect(missing).toEqual([]);
    expect(gridEvents).toHaveLength(14);
    expect(CHANNEL_STATES).toHaveLength(6);
  });

  it("each cell is listed once", () => {
    const cells = CASES.map(([from, eventName]) => `${from} | ${eventName}`);
    expect(cells.length).toBe(new Set(cells).size);
  });
});

describe("activeState", () => {
  it.each([
    [0, false, "backfilling"],
    [0, true, "ready"],
    [2, false, "backfilling"],
    [11, false, "backfilling"],
    [4, false, "ready"],
    [15, false, "ready"],
    [16, true, "ready"],
  ] as const)("type %i, backfill done %s: %s", (type, backfillDone, want) => {
    expect(activeState({ type, backfillDone })).toBe(want);
  });
});

describe("isRetryDue", () => {
  it.each([
    [null, true],
    [999_999, true],
    [1_000_000, true],
    [1_000_001, false],
  ] as const)("retry at %s, now 1000000: %s", (retryAt, want) => {
    expect(isRetryDue({ retryAt }, NOW)).toBe(want);
  });
});

describe("isTerminal", () => {
  it.each([
    ["backfilling", false],
    ["ready", false],
    ["forbidden", false],
    ["unreadable", false],
    ["deleted", true],
    ["excluded", true],
  ] as const)("%s: %s", (state, want) => {
    expect(isTerminal(state)).toBe(want);
  });
});

describe("lifecyclePolicy", () => {
  it.each([
    // FORBIDDEN_RETRY_INTERVAL's default, 6 h: a malformed request waits an hour, a 5xx until the next sync.
    [21_600_000, { blockedRetryMs: 21_600_000, failureRetryMs: 3_600_000, transientRetryMs: 0 }],
    // A retry interval under an hour bounds the failure back-off too.
    [600_000, { blockedRetryMs: 600_000, failureRetryMs: 600_000, transientRetryMs: 0 }],
  ] as const)("forbidden retry %i ms", (forbiddenRetryMs, want) => {
    expect(lifecyclePolicy({ forbiddenRetryMs })).toEqual(want);
  });
});
