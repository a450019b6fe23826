import { describe, expect, it } from "vitest";
import { toListedChannel, toMessageSummary } from "../../src/discord/rest-mapping.js";

describe("the REST response mapping", () => {
  it("reads a guild channel as Discord sends it, with the guild from the request when the body has none", () => {
    expect(
      toListedChannel(
        {
          id: "200000000000000001",
          type: 0,
          name: "雑談",
          position: 3,
          parent_id: "100000000000000001",
          last_message_id: "300000000000000001",
        },
        "900000000000000001",
      ),
    ).toEqual({
      id: "200000000000000001",
      guildId: "900000000000000001",
      type: 0,
      name: "雑談",
      position: 3,
      parentId: "100000000000000001",
      lastMessageId: "300000000000000001",
      archived: false,
      archiveTimestamp: null,
    });
  });

  it("reads a thread's metadata, and the body's guild_id over the request's", () => {
    expect(
      toListedChannel(
        {
          id: "2",
          guild_id: "8",
          type: 11,
          name: "a thread",
          parent_id: "1",
          thread_metadata: { archived: true, archive_timestamp: "2024-05-01T10:00:00.000000+00:00" },
        },
        "9",
      ),
    ).toMatchObject({ guildId: "8", archived: true, archiveTimestamp: "2024-05-01T10:00:00.000000+00:00" });
  });

  it("fills what Discord may leave out: a missing or null name becomes the id, no position 0, no parent null", () => {
    expect(toListedChannel({ id: "5", type: 4, name: null }, "9")).toEqual({
      id: "5",
      guildId: "9",
      type: 4,
      name: "5",
      position: 0,
      parentId: null,
      lastMessageId: null,
      archived: false,
      archiveTimestamp: null,
    });
  });

  it("counts bots and webhooks as bots, people as people", () => {
    expect(toMessageSummary({ id: "1", author: { id: "u", bot: true } })).toEqual({
      id: "1",
      authorId: "u",
      bot: true,
    });
    expect(toMessageSummary({ id: "2", author: { id: "w" }, webhook_id: "w" })).toEqual({
      id: "2",
      authorId: "w",
      bot: true,
    });
    expect(toMessageSummary({ id: "3", author: { id: "p", bot: false } })).toEqual({
      id: "3",
      authorId: "p",
      bot: false,
    });
    expect(toMessageSummary({ id: "4" })).toEqual({ id: "4", authorId: "0", bot: false });
  });
});
