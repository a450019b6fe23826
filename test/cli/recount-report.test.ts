import { describe, expect, it } from "vitest";
import { formatRecountReport } from "../../src/cli/recount-report.js";
import { resolveRecountTargets } from "../../src/cli/recount-targets.js";
import type { ChannelRow } from "../../src/store/channel-rows.js";

describe("formatRecountReport", () => {
  it("prints one aligned line per channel and a total", () => {
    const text = formatRecountReport(
      [
        { kind: "recounted", channelId: "222222222222222222", oldTotal: 1000, newTotal: 963, difference: 37 },
        { kind: "recounted", channelId: "111111111111111111", oldTotal: 5, newTotal: 5, difference: 0 },
      ],
      new Map([
        ["111111111111111111", "announcements"],
        ["222222222222222222", "general"],
      ]),
    );
    expect(text).toBe(
      [
        "channel        id                   old  new  deleted",
        "announcements  111111111111111111     5    5        0",
        "general        222222222222222222  1000  963       37",
        "2 channel(s) recounted, 37 messages deleted since they were counted",
        "",
      ].join("\n"),
    );
  });
});

describe("formatRecountReport with skipped channels", () => {
  it("lists what it skipped and why, apart from the recounted ones, and says nothing changed for them", () => {
    const text = formatRecountReport(
      [
        { kind: "recounted", channelId: "222222222222222222", oldTotal: 1000, newTotal: 1000, difference: 0 },
        {
          kind: "skipped",
          channelId: "333333333333333333",
          state: "unreadable",
          reason: "Discord lists no messages, and answers 403 for message 1: the bot lacks Read Message History",
        },
        { kind: "skipped", channelId: "444444444444444444", state: "deleted", reason: "Discord answered 404" },
      ],
      new Map([
        ["222222222222222222", "general"],
        ["333333333333333333", "secret"],
      ]),
    );
    expect(text).toBe(
      [
        "channel  id                   old   new  deleted",
        "general  222222222222222222  1000  1000        0",
        "skipped, nothing changed (their counts and daily history are kept):",
        "  444444444444444444 (444444444444444444): deleted: Discord answered 404",
        "  secret (333333333333333333): unreadable: Discord lists no messages, and answers 403 for message 1: the bot lacks Read Message History",
        "1 channel(s) recounted, 0 messages deleted since they were counted; 2 skipped",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("1000 messages deleted");
  });
});

describe("resolveRecountTargets", () => {
  const row = (id: string, fields: Partial<ChannelRow> = {}) =>
    ({ id, guildId: "g1", parentId: null, type: 0, name: id, state: "ready", ...fields }) as ChannelRow;
  const rows = [
    row("general"),
    row("thread", { type: 11, parentId: "general" }),
    row("cat", { type: 4 }),
    row("dup", { guildId: "g1" }),
    row("dup2", { guildId: "g2", name: "dup" }),
    row("gone", { state: "deleted" }),
  ];

  it("takes a channel with its threads, by name or id", () => {
    const result = resolveRecountTargets(rows, { guilds: [], channels: ["#General"], all: false });
    expect(result.ok && result.channels.map((r) => r.id)).toEqual(["general", "thread"]);
  });

  it("asks for an id when a name is ambiguous", () => {
    const result = resolveRecountTargets(rows, { guilds: [], channels: ["dup"], all: false });
    expect(result).toEqual({
      ok: false,
      error: "channel name dup is ambiguous: dup (guild g1), dup2 (guild g2); pass the id",
    });
  });

  it("--guild alone recounts every countable channel of that guild", () => {
    const result = resolveRecountTargets(rows, { guilds: ["g2"], channels: [], all: false });
    expect(result.ok && result.channels.map((r) => r.id)).toEqual(["dup2"]);
  });

  it("refuses a deleted channel", () => {
    expect(resolveRecountTargets(rows, { guilds: [], channels: ["gone"], all: false })).toEqual({
      ok: false,
      error: "channel gone is deleted: nothing to recount",
    });
  });
});
