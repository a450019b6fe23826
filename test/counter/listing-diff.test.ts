import { describe, expect, it } from "vitest";
import { createExclusionCheck } from "../../src/counter/exclusion.js";
import { diffChannelListing } from "../../src/counter/listing-diff.js";
import type { ListedChannel } from "../../src/discord/types.js";
import type { ChannelRow } from "../../src/store/channel-rows.js";
import { makeChannelRow } from "../helpers/channel-row.js";

const listed = (fields: Partial<ListedChannel> & { id: string }): ListedChannel => ({
  guildId: "g",
  type: 0,
  name: fields.id,
  position: 0,
  parentId: null,
  lastMessageId: null,
  archived: false,
  archiveTimestamp: null,
  ...fields,
});

const stored = (fields: Partial<ChannelRow> & { id: string }): ChannelRow =>
  makeChannelRow({
    humanMessages: 10,
    botMessages: 2,
    lastSeenId: "5",
    backfillBeforeId: "1",
    lastMessageId: "5",
    ...fields,
  });

const none = createExclusionCheck([]);

describe("diffChannelListing", () => {
  it("inserts new channels: message channels backfill, categories and forums are containers", () => {
    const result = diffChannelListing(
      "g",
      [],
      [listed({ id: "a" }), listed({ id: "cat", type: 4 }), listed({ id: "forum", type: 15 })],
      none,
      7,
    );
    expect(result.inserts.map((row) => [row.id, row.state, row.backfillDone])).toEqual([
      ["a", "backfilling", false],
      ["cat", "ready", true],
      ["forum", "ready", true],
    ]);
    expect(result.updates).toEqual([]);
  });

  it("updates names, parents and last message ids but never counts or cursors", () => {
    const result = diffChannelListing(
      "g",
      [stored({ id: "a", name: "old" })],
      [listed({ id: "a", name: "new", parentId: "cat", lastMessageId: "9" })],
      none,
      7,
    );
    expect(result.updates).toEqual([
      {
        id: "a",
        name: "new",
        parentId: "cat",
        type: 0,
        position: 0,
        lastMessageId: "9",
        archived: false,
        archiveTimestamp: null,
      },
    ]);
  });

  it("writes nothing for an unchanged channel", () => {
    const result = diffChannelListing("g", [stored({ id: "a" })], [listed({ id: "a", lastMessageId: "5" })], none, 7);
    expect(result).toEqual({ inserts: [], updates: [], missing: [] });
  });

  it("reports stored channels missing from the listing, but not deleted ones or ones out of scope", () => {
    const rows = [stored({ id: "gone" }), stored({ id: "dead", state: "deleted" }), stored({ id: "thread", type: 11 })];
    const result = diffChannelListing("g", rows, [], none, 7, (row) => row.type !== 11);
    expect(result.missing.map((row) => row.id)).toEqual(["gone"]);
  });

  it("excludes by name or id, through categories, and restores a channel when the exclusion is lifted", () => {
    const exclude = createExclusionCheck(["Staff", "#Secret"]);
    const result = diffChannelListing(
      "g",
      [stored({ id: "was-excluded", state: "excluded", backfillDone: false })],
      [
        listed({ id: "staff", type: 4, name: "staff" }),
        listed({ id: "under-staff", parentId: "staff" }),
        listed({ id: "secret", name: "secret" }),
        listed({ id: "was-excluded", lastMessageId: "5" }),
      ],
      exclude,
      7,
    );
    expect(Object.fromEntries(result.inserts.map((row) => [row.id, row.state]))).toEqual({
      staff: "excluded",
      "under-staff": "excluded",
      secret: "excluded",
    });
    expect(result.updates).toMatchObject([{ id: "was-excluded", state: "backfilling" }]);
  });

  it("brings a deleted channel back when it is listed again, with its counts", () => {
    const result = diffChannelListing(
      "g",
      [stored({ id: "a", state: "deleted", deletedAt: 3 })],
      [listed({ id: "a", lastMessageId: "5" })],
      none,
      7,
    );
    expect(result.updates).toMatchObject([{ id: "a", state: "ready", deletedAt: null }]);
  });
});
