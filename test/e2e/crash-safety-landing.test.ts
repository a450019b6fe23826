import { describe, expect, it } from "vitest";
import {
  type ChannelCursors,
  classifySwapKill,
  LaneTally,
  landedMidBackfill,
  landedMidForward,
  recountWalkCursor,
} from "./crash-safety-landing.js";

const row = (before: string | null, lastSeen: string | null, done = false, total = 0): ChannelCursors => ({
  total,
  lastSeen,
  before,
  done,
});

describe("landedMidBackfill: the round committed a backward page and the backfill goes on", () => {
  it("the first page of a fresh database (no row before the round)", () => {
    expect(landedMidBackfill(undefined, row("900", "1000", false, 100))).toBe(true);
  });
  it("the cursor moved to an older id", () => {
    expect(landedMidBackfill(row("900", "1000"), row("700", "1000"))).toBe(true);
  });
  it("not when the round committed nothing: the cursor is where it was (the old check counted these)", () => {
    expect(landedMidBackfill(row("900", "1000"), row("900", "1000"))).toBe(false);
  });
  it("not when killed before any row was written", () => {
    expect(landedMidBackfill(undefined, undefined)).toBe(false);
  });
  it("not when the backfill reached the first message", () => {
    expect(landedMidBackfill(row("900", "1000"), row(null, "1000", true))).toBe(false);
  });
  it("compares ids as numbers, not text", () => {
    expect(landedMidBackfill(row("1000", "2000"), row("999", "2000"))).toBe(true);
    expect(landedMidBackfill(row("999", "2000"), row("1000", "2000"))).toBe(false);
  });
});

describe("landedMidForward: the forward cursor moved and is still below the newest message", () => {
  it("moved, with pages left", () => {
    expect(landedMidForward(row(null, "1000", true), row(null, "1300", true), "2000")).toBe(true);
  });
  it("not when the round committed nothing (the old check counted these: the cursor is below the newest)", () => {
    expect(landedMidForward(row(null, "1000", true), row(null, "1000", true), "2000")).toBe(false);
  });
  it("not when the sync reached the newest message", () => {
    expect(landedMidForward(row(null, "1000", true), row(null, "2000", true), "2000")).toBe(false);
  });
  it("not without a forward cursor to compare", () => {
    expect(landedMidForward(undefined, row(null, "1000", true), "2000")).toBe(false);
  });
  it("compares ids as numbers, not text", () => {
    expect(landedMidForward(row(null, "999", true), row(null, "1000", true), "1001")).toBe(true);
  });
});

describe("recountWalkCursor: how far the recount's walk had merged when its page request was cut", () => {
  it("a later page of the backward walk carries the oldest merged id", () => {
    expect(recountWalkCursor({ before: "123", limit: "100" })).toBe("123");
  });
  it("the walk's first page: nothing merged yet", () => {
    expect(recountWalkCursor({ limit: "100" })).toBeNull();
  });
  it("a page of the catch-up (forward) is not the walk", () => {
    expect(recountWalkCursor({ after: "5", before: "9", limit: "100" })).toBeNull();
  });
});

describe("classifySwapKill", () => {
  it("SIGKILLed on the marker with the rows as before: inside the swap", () => {
    expect(classifySwapKill({ signal: "SIGKILL" }, true, true)).toBe("inside the swap");
  });
  it("SIGKILLed on the marker with the rows changed: the commit came first", () => {
    expect(classifySwapKill({ signal: "SIGKILL" }, true, false)).toBe("after the swap committed");
  });
  it("a process that exited on its own was not killed (the old loop counted it as a kill)", () => {
    expect(classifySwapKill({ signal: null }, true, false)).toBe("not killed");
  });
  it("a SIGKILL without the marker did not aim at the swap", () => {
    expect(classifySwapKill({ signal: "SIGKILL" }, false, true)).toBe("before the swap");
  });
});

describe("LaneTally", () => {
  it("counts kills and landings apart and reports the landed kills' progress range", () => {
    const lane = new LaneTally("landed mid-backfill");
    lane.kill(true, 300);
    lane.kill(false, 0);
    lane.kill(true, 100);
    expect([lane.kills, lane.landed]).toEqual([3, 2]);
    expect(lane.describe("messages")).toBe("2 of 3 kills landed mid-backfill (100-300 messages)");
  });
});
