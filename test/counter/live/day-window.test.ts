import { describe, expect, it } from "vitest";
import { countedDayWindow, coversSameWindow } from "../../../src/counter/live/day-window.js";
import { snowflakeAt } from "../../../src/discord/snowflake.js";

const DAY = Date.UTC(2026, 5, 3);
const NEXT = DAY + 86_400_000;
const at = (ms: number) => snowflakeAt(ms);
const big = (ms: number) => BigInt(snowflakeAt(ms));

describe("countedDayWindow: the part of a UTC day the cursors cover", () => {
  it("the whole day when the backfill is done and the newest counted message is later", () => {
    const result = countedDayWindow({ lastSeenId: at(NEXT + 5000), backfillBeforeId: null, backfillDone: true }, DAY);
    expect(result).toEqual({ kind: "window", window: { lower: big(DAY) - 1n, upper: big(NEXT) } });
  });

  it("up to the newest counted message on the day it was posted (today's forward syncs move it)", () => {
    const lastSeen = at(DAY + 3_600_000);
    const result = countedDayWindow(
      { lastSeenId: lastSeen, backfillBeforeId: at(DAY - 1000), backfillDone: false },
      DAY,
    );
    expect(result).toEqual({ kind: "window", window: { lower: big(DAY) - 1n, upper: BigInt(lastSeen) + 1n } });
  });

  it("from the backfill cursor on when the backfill is inside the day", () => {
    const cursor = at(DAY + 7_200_000);
    const result = countedDayWindow({ lastSeenId: at(NEXT + 1), backfillBeforeId: cursor, backfillDone: false }, DAY);
    expect(result).toEqual({ kind: "window", window: { lower: BigInt(cursor) - 1n, upper: big(NEXT) } });
  });

  it("nothing of a day the backfill has not reached, or of a channel not counted yet", () => {
    const notReached = { lastSeenId: at(NEXT + 10), backfillBeforeId: at(NEXT + 5), backfillDone: false };
    expect(countedDayWindow(notReached, DAY)).toEqual({ kind: "outside_window" });
    const after = { lastSeenId: at(DAY - 10), backfillBeforeId: at(DAY - 20), backfillDone: false };
    expect(countedDayWindow(after, DAY)).toEqual({ kind: "outside_window" });
    expect(countedDayWindow({ lastSeenId: null, backfillBeforeId: null, backfillDone: false }, DAY)).toEqual({
      kind: "not_counted",
    });
    expect(countedDayWindow({ lastSeenId: at(DAY), backfillBeforeId: null, backfillDone: false }, DAY)).toEqual({
      kind: "not_counted",
    });
  });
});

describe("coversSameWindow: the day recount's compare-and-set", () => {
  const walked = { lastSeenId: at(NEXT + 9000), backfillBeforeId: at(DAY - 50_000), backfillDone: false };
  const window = (() => {
    const result = countedDayWindow(walked, DAY);
    if (result.kind !== "window") throw new Error("no window");
    return result.window;
  })();

  it("holds while the cursors move outside the day: a backfill further back, a forward sync on a later day", () => {
    expect(coversSameWindow({ ...walked, backfillBeforeId: at(DAY - 900_000) }, DAY, window)).toBe(true);
    expect(coversSameWindow({ ...walked, backfillBeforeId: null, backfillDone: true }, DAY, window)).toBe(true);
    expect(coversSameWindow({ ...walked, lastSeenId: at(NEXT + 60_000) }, DAY, window)).toBe(true);
  });

  it("fails when the counted part of the day changed", () => {
    const today = { lastSeenId: at(DAY + 1000), backfillBeforeId: at(DAY - 10), backfillDone: false };
    const todayWindow = countedDayWindow(today, DAY);
    if (todayWindow.kind !== "window") throw new Error("no window");
    expect(coversSameWindow({ ...today, lastSeenId: at(DAY + 2000) }, DAY, todayWindow.window)).toBe(false);
    const inside = { lastSeenId: at(NEXT + 1), backfillBeforeId: at(DAY + 5000), backfillDone: false };
    const insideWindow = countedDayWindow(inside, DAY);
    if (insideWindow.kind !== "window") throw new Error("no window");
    expect(coversSameWindow({ ...inside, backfillBeforeId: at(DAY + 1000) }, DAY, insideWindow.window)).toBe(false);
    expect(coversSameWindow({ ...inside, lastSeenId: null }, DAY, insideWindow.window)).toBe(false);
  });
});
