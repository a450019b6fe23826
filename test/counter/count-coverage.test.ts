import { describe, expect, it } from "vitest";
import { countCoverage } from "../../src/counter/count-coverage.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import type { BackfillRow } from "../../src/store/backfill-read.js";

const at = (iso: string) => snowflakeAt(Date.parse(iso));
const row = (fields: Partial<BackfillRow> & { id: string }): BackfillRow => ({
  guildId: "g",
  type: 0,
  state: "backfilling",
  backfillDone: false,
  backfillBeforeId: null,
  lastSeenId: null,
  lastMessageId: null,
  counted: 0,
  ...fields,
});

describe("countCoverage", () => {
  const created = at("2024-01-01T00:00:00Z");
  it("days are complete after the latest backfill cursor's day; the ratio is by time span", () => {
    const rows = [
      row({ id: created, backfillBeforeId: at("2024-03-10T05:00:00Z"), lastSeenId: at("2024-04-01T00:00:00Z") }),
      row({ id: created, backfillBeforeId: at("2024-02-01T00:00:00Z"), lastSeenId: at("2024-04-01T00:00:00Z") }),
      row({ id: created, state: "ready", backfillDone: true, lastSeenId: at("2024-04-01T00:00:00Z") }),
    ];
    const coverage = countCoverage(rows, "g");
    expect(coverage.completeSince).toBe("2024-03-11");
    expect(coverage.done).toBe(false);
    // Remaining 69 + 31 days of 3 × 91 days.
    expect(coverage.ratio).toBeCloseTo(1 - (69.208333 + 31) / (3 * 91), 4);
  });

  it("a backfill not begun (with messages) means nothing is complete yet", () => {
    const rows = [row({ id: created, lastMessageId: at("2024-04-01T00:00:00Z") })];
    expect(countCoverage(rows, "g")).toMatchObject({ completeSince: null, done: false });
  });

  it("done when nothing backfills; a forbidden or deleted channel does not hold the history back", () => {
    const rows = [
      row({ id: created, state: "ready", backfillDone: true, lastSeenId: at("2024-04-01T00:00:00Z") }),
      row({ id: created, state: "forbidden", backfillBeforeId: at("2024-03-01T00:00:00Z") }),
      row({ id: created, guildId: "other", backfillBeforeId: at("2024-03-01T00:00:00Z") }),
    ];
    expect(countCoverage(rows, "g")).toEqual({ ratio: 1, completeSince: null, done: true });
  });
});
