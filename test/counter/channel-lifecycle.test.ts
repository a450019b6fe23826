import { describe, expect, it } from "vitest";
import {
  type ChannelEvent,
  type LifecycleRow,
  type LifecyclePolicy,
  nextChannelStatus,
} from "../../src/counter/channel-lifecycle.js";
import { CHANNEL_STATES, type ChannelState } from "../../src/store/channel-states.js";

const NOW = 1_000_000;
const POLICY: LifecyclePolicy = { blockedRetryMs: 6_000, failureRetryMs: 1_000 };

const row = (state: ChannelState, fields: Partial<LifecycleRow> = {}): LifecycleRow => ({
  state,
  type: 0,
  backfillDone: true,
  retryAt: null,
  lastError: null,
  ...fields,
});

const next = (r: LifecycleRow, event: ChannelEvent) => nextChannelStatus(r, event, NOW, POLICY);
const failed = (failure: Extract<ChannelEvent, { kind: "failed" }>["failure"]): ChannelEvent => ({
  kind: "failed",
  failure,
  reason: `it failed: ${failure}`,
});

describe("nextChannelStatus: listing", () => {
  it("excludes a listed channel the settings exclude, from every state", () => {
    for (const state of CHANNEL_STATES.filter((s) => s !== "excluded")) {
      expect(next(row(state), { kind: "listed", excluded: true }), state).toEqual({
        state: "excluded",
        retryAt: null,
        lastError: null,
      });
    }
    expect(next(row("excluded"), { kind: "listed", excluded: true })).toBeNull();
  });

  it("brings an excluded or deleted channel back to backfilling or ready, by whether its backfill finished", () => {
    expect(next(row("excluded", { backfillDone: false }), { kind: "listed", excluded: false })).toEqual({
      state: "backfilling",
      retryAt: null,
      lastError: null,
      deletedAt: null,
    });
    expect(next(row("deleted", { lastError: "404" }), { kind: "listed", excluded: false })).toEqual({
      state: "ready",
      retryAt: null,
      lastError: null,
      deletedAt: null,
    });
    // Categories and forums hold no messages of their own: nothing to backfill.
    expect(next(row("deleted", { type: 15, backfillDone: false }), { kind: "listed", excluded: false })?.state).toBe(
      "ready",
    );
  });

  it("leaves a blocked channel blocked when it is listed: being listed proves View Channel, not history", () => {
    for (const state of ["forbidden", "unreadable"] as const) {
      expect(next(row(state, { retryAt: NOW + 5 }), { kind: "listed", excluded: false })).toBeNull();
    }
    expect(next(row("ready"), { kind: "listed", excluded: false })).toBeNull();
    expect(next(row("backfilling", { backfillDone: false }), { kind: "listed", excluded: false })).toBeNull();
  });
});

describe("nextChannelStatus: pages and history", () => {
  it("a counted page clears an earlier failure and its back-off, and writes nothing when there was none", () => {
    expect(next(row("ready", { lastError: "500", retryAt: NOW + 10 }), { kind: "page_applied" })).toEqual({
      state: "ready",
      retryAt: null,
      lastError: null,
    });
    expect(next(row("ready"), { kind: "page_applied" })).toBeNull();
    expect(next(row("forbidden", { retryAt: 5, lastError: "403" }), { kind: "page_applied" })).toEqual({
      state: "ready",
      retryAt: null,
      lastError: null,
    });
    expect(next(row("deleted"), { kind: "page_applied" })).toBeNull();
    expect(next(row("excluded"), { kind: "page_applied" })).toBeNull();
  });

  it("an empty history where messages exist makes the channel unreadable until its retry time", () => {
    for (const state of ["ready", "backfilling", "forbidden", "unreadable"] as const) {
      expect(next(row(state), { kind: "history_unreadable", reason: "no history" }), state).toEqual({
        state: "unreadable",
        retryAt: NOW + POLICY.blockedRetryMs,
        lastError: "no history",
      });
    }
    expect(next(row("deleted"), { kind: "history_unreadable", reason: "x" })).toBeNull();
    expect(next(row("excluded"), { kind: "history_unreadable", reason: "x" })).toBeNull();
  });
});

describe("nextChannelStatus: failures", () => {
  it("403 makes it forbidden until the retry time; 404 makes it deleted, now", () => {
    expect(next(row("ready"), failed("forbidden"))).toEqual({
      state: "forbidden",
      retryAt: NOW + POLICY.blockedRetryMs,
      lastError: "it failed: forbidden",
    });
    expect(next(row("backfilling", { backfillDone: false }), failed("not_found"))).toEqual({
      state: "deleted",
      retryAt: null,
      lastError: "it failed: not_found",
      deletedAt: NOW,
    });
  });

  it("a transient failure keeps the state and its retry time: the next sync tries again", () => {
    expect(next(row("ready"), failed("transient"))).toEqual({
      state: "ready",
      retryAt: null,
      lastError: "it failed: transient",
    });
    expect(next(row("backfilling", { backfillDone: false, retryAt: 7 }), failed("transient"))).toEqual({
      state: "backfilling",
      retryAt: 7,
      lastError: "it failed: transient",
    });
  });

  it("a malformed request (400) or an error of ours backs off instead of failing every sync", () => {
    for (const failure of ["fatal", "internal"] as const) {
      expect(next(row("ready"), failed(failure)), failure).toEqual({
        state: "ready",
        retryAt: NOW + POLICY.failureRetryMs,
        lastError: `it failed: ${failure}`,
      });
    }
  });

  it("a rejected token is not the channel's failure; deleted and excluded channels have no failures", () => {
    expect(next(row("ready"), failed("unauthorized"))).toBeNull();
    for (const failure of ["forbidden", "not_found", "transient", "fatal", "internal"] as const) {
      expect(next(row("deleted"), failed(failure)), failure).toBeNull();
      expect(next(row("excluded"), failed(failure)), failure).toBeNull();
    }
  });
});

describe("nextChannelStatus: retries of blocked channels", () => {
  it("access restored: back to backfilling or ready, the last error kept until a page is counted", () => {
    expect(next(row("forbidden", { retryAt: NOW, lastError: "403" }), { kind: "access_restored" })).toEqual({
      state: "ready",
      retryAt: null,
      lastError: "403",
    });
    expect(
      next(row("unreadable", { backfillDone: false, retryAt: NOW, lastError: "[]" }), { kind: "access_restored" }),
    ).toEqual({ state: "backfilling", retryAt: null, lastError: "[]" });
    expect(next(row("ready"), { kind: "access_restored" })).toBeNull();
  });

  it("still blocked: the same state, asked again one retry interval later", () => {
    expect(next(row("unreadable", { retryAt: NOW }), { kind: "still_blocked", reason: "403 again" })).toEqual({
      state: "unreadable",
      retryAt: NOW + POLICY.blockedRetryMs,
      lastError: "403 again",
    });
    expect(next(row("forbidden", { retryAt: NOW }), { kind: "still_blocked", reason: "403" })?.state).toBe("forbidden");
    expect(next(row("ready"), { kind: "still_blocked", reason: "403" })).toBeNull();
  });
});
