import { describe, expect, it } from "vitest";
import { planChannelSync } from "../../src/counter/channel-plan.js";
import type { ChannelRow } from "../../src/store/channel-rows.js";
import { makeChannelRow } from "../helpers/channel-row.js";

const row = (fields: Partial<ChannelRow>): ChannelRow => makeChannelRow({ id: "100000000000000001", ...fields });

describe("planChannelSync", () => {
  it("costs nothing when the listed last message is not newer than the last seen one", () => {
    expect(planChannelSync(row({ lastSeenId: "200", lastMessageId: "200" }), 0)).toEqual({
      forward: false,
      backfill: false,
      retry: false,
    });
    expect(planChannelSync(row({ lastSeenId: "200", lastMessageId: "150" }), 0).forward).toBe(false);
  });

  it("pages forwards when the listed last message is newer", () => {
    expect(planChannelSync(row({ lastSeenId: "200", lastMessageId: "1000" }), 0).forward).toBe(true);
  });

  it("does not refetch a channel whose newest message was deleted once it was checked", () => {
    expect(planChannelSync(row({ lastSeenId: "200", checkedMessageId: "300", lastMessageId: "300" }), 0).forward).toBe(
      false,
    );
  });

  it("backfills until done, and does not page forwards before the first page set the cursor", () => {
    expect(planChannelSync(row({ state: "backfilling", backfillDone: false, lastMessageId: "5" }), 0)).toEqual({
      forward: false,
      backfill: true,
      retry: false,
    });
  });

  it("leaves forbidden channels alone until their retry time", () => {
    const forbidden = row({ state: "forbidden", retryAt: 1000, lastSeenId: "1", lastMessageId: "9" });
    expect(planChannelSync(forbidden, 999)).toEqual({ forward: false, backfill: false, retry: false });
    expect(planChannelSync(forbidden, 1000).retry).toBe(true);
  });

  it("never plans work for excluded, deleted, or message-less channels", () => {
    expect(planChannelSync(row({ state: "excluded", lastSeenId: "1", lastMessageId: "9" }), 0).forward).toBe(false);
    expect(planChannelSync(row({ state: "deleted", lastSeenId: "1", lastMessageId: "9" }), 0).forward).toBe(false);
    expect(planChannelSync(row({ type: 4, lastSeenId: "1", lastMessageId: "9" }), 0).forward).toBe(false);
  });
});
