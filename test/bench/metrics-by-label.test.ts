import { describe, expect, it } from "vitest";
import { countAllSamples, sumByLabel } from "../../bench/lib/metrics-by-label.js";

const BODY = [
  "# HELP discord_channel_messages Messages counted.",
  "# TYPE discord_channel_messages gauge",
  'discord_channel_messages{guild_id="1",channel_id="10",channel="a",author="human",source="channel"} 7',
  'discord_channel_messages{guild_id="1",channel_id="10",channel="a",author="bot",source="threads"} 2',
  'discord_channel_messages{channel_id="20",guild_id="1",author="human"} 5',
  'discord_channel_messages{guild_id="1",parent_channel_id="10",author="human"} 100',
  'discord_channel_messages_other{guild_id="1",channel_id="10"} 1000',
  'discord_guild_members{guild_id="1"} 40',
  "",
].join("\n");

describe("bench /metrics readers", () => {
  it("sums a metric per value of one label, that label only", () => {
    expect(sumByLabel(BODY, "discord_channel_messages", "channel_id")).toEqual(
      new Map([
        ["10", 9],
        ["20", 5],
      ]),
    );
  });

  it("counts the samples of a body, not its comments", () => {
    expect(countAllSamples(BODY)).toBe(6);
  });
});
