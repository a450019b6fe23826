import { describe, expect, it } from "vitest";
import { tallyPage } from "../../src/counter/tally.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";

const day1 = Date.UTC(2021, 4, 3, 23, 59, 59);
const day2 = Date.UTC(2021, 4, 4, 0, 0, 1);
const id = (ms: number, n = 0) => (BigInt(snowflakeAt(ms)) + BigInt(n)).toString();

describe("tallyPage", () => {
  const page = [
    { id: id(day2, 2), authorId: "a", bot: false },
    { id: id(day2, 1), authorId: "bot", bot: true },
    { id: id(day1, 2), authorId: "a", bot: false },
    { id: id(day1, 1), authorId: "b", bot: false },
  ];

  it("counts humans and bots per UTC day and keeps distinct human authors", () => {
    const tally = tallyPage(page);
    expect(tally.human).toBe(3);
    expect(tally.bot).toBe(1);
    expect(tally.newestId).toBe(id(day2, 2));
    expect(tally.oldestId).toBe(id(day1, 1));
    expect(Object.fromEntries(tally.days)).toEqual({
      "2021-05-03": { human: 2, bot: 0 },
      "2021-05-04": { human: 1, bot: 1 },
    });
    expect([...(tally.authorsByDay.get("2021-05-03") ?? [])].sort()).toEqual(["a", "b"]);
    expect([...(tally.authorsByDay.get("2021-05-04") ?? [])]).toEqual(["a"]);
  });

  it("ignores messages outside the cursor window and duplicates", () => {
    const tally = tallyPage([...page, page[0]!], { after: id(day1, 1), before: id(day2, 2) });
    expect(tally.human + tally.bot).toBe(2);
    expect(tally.newestId).toBe(id(day2, 1));
    expect(tally.oldestId).toBe(id(day1, 2));
  });

  it("compares 19-digit ids as integers, not strings", () => {
    const small = "999999999999999999"; // 18 digits
    const big = "1000000000000000000"; // 19 digits, larger
    const tally = tallyPage([
      { id: big, authorId: "a", bot: false },
      { id: small, authorId: "a", bot: false },
    ]);
    expect(tally.newestId).toBe(big);
    expect(tally.oldestId).toBe(small);
  });

  it("returns an empty tally for an empty page", () => {
    const tally = tallyPage([]);
    expect(tally).toMatchObject({ human: 0, bot: 0, newestId: null, oldestId: null });
  });
});
