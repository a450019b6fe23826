import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tallyPage } from "../../src/counter/tally.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import { dayTextSql, snowflakeTextSql, toDayKey } from "../../src/store/daily-keys.js";
import { swapInRecount } from "../../src/store/recount-writes.js";
import { openTempStore } from "../helpers/temp-store.js";

const day = (d: number, n: number) => snowflakeAt(Date.UTC(2024, 0, d, 12) + n);
const OLD_AUTHOR = "1100000000000000099";
const A = "1100000000000000001";
const B = "1100000000000000002";
const BOT = "1100000000000000003";

describe("swapInRecount", () => {
  let temp: ReturnType<typeof openTempStore>;
  const read = () => ({
    channel: temp.store.sqlite
      .prepare(
        "SELECT human_messages AS human, bot_messages AS bot, last_seen_id AS lastSeen FROM channels WHERE id = 'c'",
      )
      .get(),
    days: temp.store.sqlite
      .prepare(
        `SELECT ${dayTextSql("day")} AS day, human_messages AS human, bot_messages AS bot FROM daily_messages ORDER BY day`,
      )
      .all(),
    authors: temp.store.sqlite
      .prepare(
        `SELECT ${dayTextSql("day")} AS day, ${snowflakeTextSql("author_id")} AS author FROM daily_authors
         ORDER BY day, author_id`,
      )
      .all(),
  });

  beforeEach(() => {
    temp = openTempStore();
    temp.store.sqlite.exec(`
      INSERT INTO channels (id, guild_id, type, name, state, human_messages, bot_messages, last_seen_id,
        backfill_done, first_seen_at, updated_at) VALUES ('c', 'g', 0, 'c', 'ready', 10, 2, '${day(3, 0)}', 1, 0, 0);`);
    const key = temp.store.sqlite.prepare("SELECT key FROM channels WHERE id = 'c'").pluck().get();
    const [jan1, jan3] = [toDayKey("2024-01-01"), toDayKey("2024-01-03")];
    temp.store.sqlite.exec(`
      INSERT INTO daily_messages VALUES (${key}, ${jan1}, 6, 1), (${key}, ${jan3}, 4, 1);
      INSERT INTO daily_authors VALUES (${key}, ${jan1}, ${OLD_AUTHOR}), (${key}, ${jan3}, ${OLD_AUTHOR});`);
  });
  afterEach(() => temp.cleanup());

  const tally = () =>
    tallyPage([
      { id: day(1, 1), authorId: A, bot: false },
      { id: day(1, 2), authorId: B, bot: false },
      { id: day(2, 1), authorId: BOT, bot: true },
    ]);
  /** The swap of a recount that caught up to the stored cursor of the ready channel 'c'; each test changes a field. */
  const swap = (changes: Partial<Parameters<typeof swapInRecount>[1]> = {}) =>
    swapInRecount(temp.store, {
      channelId: "c",
      expectedLastSeenId: day(3, 0),
      expectedState: "ready",
      state: "ready",
      coveredUpToId: day(3, 0),
      tally: tally(),
      now: 5,
      startedAt: 1,
      ...changes,
    });

  it("refuses when the live cursor moved since the recount caught up, and changes nothing", () => {
    const before = read();
    const result = swap({ expectedLastSeenId: day(2, 0) });
    expect(result).toEqual({ swapped: false });
    expect(read()).toEqual(before);
  });

  const stateOf = () =>
    temp.store.sqlite.prepare("SELECT state, backfill_done AS done FROM channels WHERE id = 'c'").get();

  it("refuses when the state changed since the recount decided from it (a 403 seen meanwhile), and changes nothing", () => {
    temp.store.sqlite.exec("UPDATE channels SET state = 'forbidden' WHERE id = 'c'");
    const before = read();
    const result = swap();
    expect(result).toEqual({ swapped: false });
    expect(read()).toEqual(before);
    expect(stateOf()).toEqual({ state: "forbidden", done: 1 });
  });

  it("writes the state it is given with the swap: a backfilling channel's recount ends its backfill", () => {
    temp.store.sqlite.exec("UPDATE channels SET state = 'backfilling', backfill_done = 0 WHERE id = 'c'");
    const result = swap({ expectedState: "backfilling" });
    expect(result).toEqual({ swapped: true, before: { human: 10, bot: 2 } });
    expect(stateOf()).toEqual({ state: "ready", done: 1 });
  });

  it("refuses for a channel that is not stored", () => {
    expect(swap({ channelId: "nope", expectedLastSeenId: null, coveredUpToId: "1" })).toEqual({ swapped: false });
  });

  it("swaps in totals, buckets and authors in one go when the cursor is where the recount left it", () => {
    let writing = 0;
    const result = swap({ onWriting: () => writing++ });
    expect(result).toEqual({ swapped: true, before: { human: 10, bot: 2 } });
    expect(writing).toBe(1);
    expect(read()).toEqual({
      channel: { human: 2, bot: 1, lastSeen: day(3, 0) },
      days: [
        { day: "2024-01-01", human: 2, bot: 0 },
        { day: "2024-01-02", human: 0, bot: 1 },
      ],
      authors: [
        { day: "2024-01-01", author: A },
        { day: "2024-01-01", author: B },
      ],
    });
  });
});
