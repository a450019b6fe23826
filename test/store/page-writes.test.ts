import { afterEach, describe, expect, it } from "vitest";
import { tallyPage } from "../../src/counter/tally.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import { readActiveMembers } from "../../src/store/active-members-read.js";
import { readChannel } from "../../src/store/channel-rows.js";
import { insertChannel } from "../helpers/channel-row.js";
import { dayTextSql, snowflakeTextSql } from "../../src/store/daily-keys.js";
import { createPageWriter } from "../../src/store/page-writes.js";
import { openTempStore } from "../helpers/temp-store.js";

const base = Date.UTC(2023, 0, 1);
const msg = (dayOffset: number, n: number, bot = false) => ({
  id: (BigInt(snowflakeAt(base + dayOffset * 86_400_000)) + BigInt(n)).toString(),
  authorId: `90000000000000000${n % 3}`,
  bot,
});

describe("page writes", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function setup() {
    const temp = openTempStore();
    cleanup = temp.cleanup;
    insertChannel(temp.store, { id: "100000000000000001", name: "general", state: "backfilling" });
    return { store: temp.store, writer: createPageWriter(temp.store) };
  }

  it("moves both cursors with the first backward page, then continues backwards and forwards without overlap", () => {
    const { store, writer } = setup();
    const first = [msg(2, 3), msg(2, 2), msg(1, 1, true)];
    expect(writer.applyBackfillPage("100000000000000001", null, tallyPage(first), null, 1)).toBe(true);
    let row = readChannel(store, "100000000000000001")!;
    expect(row.lastSeenId).toBe(first[0]!.id);
    expect(row.backfillBeforeId).toBe(first[2]!.id);
    expect(row.humanMessages + row.botMessages).toBe(3);

    const older = [msg(0, 2), msg(0, 1)];
    expect(writer.applyBackfillPage("100000000000000001", first[2]!.id, tallyPage(older), "ready", 2)).toBe(true);
    const newer = [msg(3, 1)];
    expect(writer.applyForwardPage("100000000000000001", first[0]!.id, tallyPage(newer), 3)).toBe(true);

    row = readChannel(store, "100000000000000001")!;
    expect(row).toMatchObject({
      humanMessages: 5,
      botMessages: 1,
      backfillDone: true,
      state: "ready",
      lastSeenId: newer[0]!.id,
    });
    const days = store.sqlite
      .prepare(`SELECT ${dayTextSql("day")} AS day, human_messages h, bot_messages b FROM daily_messages ORDER BY day`)
      .all();
    expect(days).toEqual([
      { day: "2023-01-01", h: 2, b: 0 },
      { day: "2023-01-02", h: 0, b: 1 },
      { day: "2023-01-03", h: 2, b: 0 },
      { day: "2023-01-04", h: 1, b: 0 },
    ]);
  });

  it("refuses a page whose cursor moved meanwhile, writing nothing (no double count)", () => {
    const { store, writer } = setup();
    const first = [msg(2, 3), msg(2, 2)];
    writer.applyBackfillPage("100000000000000001", null, tallyPage(first), null, 1);
    // Replaying the same first page (a second process, a retry after a crash) must not count it again.
    expect(writer.applyBackfillPage("100000000000000001", null, tallyPage(first), null, 2)).toBe(false);
    expect(writer.applyForwardPage("100000000000000001", "1", tallyPage([msg(5, 1)]), 3)).toBe(false);
    const row = readChannel(store, "100000000000000001")!;
    expect(row.humanMessages).toBe(2);
    const dayTotal = store.sqlite.prepare("SELECT sum(human_messages) FROM daily_messages").pluck().get();
    expect(dayTotal).toBe(2);
  });

  it("keeps author ids past 2^53 exact: two ids one apart stay two authors", () => {
    const { store, writer } = setup();
    // As JavaScript numbers both are 1234567890123456768: one lossy read and they would count as one person.
    const authors = ["1234567890123456789", "1234567890123456788"];
    const page = authors.map((authorId, n) => ({ ...msg(2, n + 1), authorId }));
    expect(writer.applyBackfillPage("100000000000000001", null, tallyPage(page), "ready", 1)).toBe(true);
    const stored = store.sqlite
      .prepare(`SELECT ${snowflakeTextSql("author_id")} FROM daily_authors ORDER BY author_id`)
      .pluck()
      .all();
    expect(stored).toEqual([...authors].sort());
    const oneDay = readActiveMembers(store, "2023-01-03").find((row) => row.window === "1d");
    expect(oneDay).toEqual({ guildId: "g", window: "1d", count: 2 });
  });

  it("refuses an author id that is not a snowflake with an error naming it, and writes nothing of the page", () => {
    const { store, writer } = setup();
    const page = [msg(2, 2), { ...msg(2, 1), authorId: "someone" }];
    expect(() => writer.applyBackfillPage("100000000000000001", null, tallyPage(page), null, 1)).toThrow(
      'not a Discord snowflake: "someone"',
    );
    expect(readChannel(store, "100000000000000001")).toMatchObject({ lastSeenId: null, humanMessages: 0 });
    expect(store.sqlite.prepare("SELECT count(*) FROM daily_messages").pluck().get()).toBe(0);
  });

  it("gives an empty channel the forward cursor 0 so later messages are counted from the start", () => {
    const { store, writer } = setup();
    expect(writer.applyBackfillPage("100000000000000001", null, tallyPage([]), "ready", 1)).toBe(true);
    expect(readChannel(store, "100000000000000001")).toMatchObject({
      lastSeenId: "0",
      backfillDone: true,
      state: "ready",
    });
  });
});
