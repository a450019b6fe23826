import { describe, expect, it } from "vitest";
import { nextVoiceTransition, type VoiceSession } from "../../src/voice/voice-sessions.js";
import { sliceByUtcDay } from "../../src/voice/voice-time.js";

describe("sliceByUtcDay", () => {
  it("cuts at UTC midnights, exact to the millisecond", () => {
    const from = Date.UTC(2024, 0, 1, 23, 30);
    const to = Date.UTC(2024, 0, 3, 0, 15, 0, 1);
    expect(sliceByUtcDay(from, to)).toEqual([
      { day: "2024-01-01", ms: 30 * 60_000 },
      { day: "2024-01-02", ms: 86_400_000 },
      { day: "2024-01-03", ms: 15 * 60_000 + 1 },
    ]);
    expect(sliceByUtcDay(to, to)).toEqual([]);
  });
});

describe("nextVoiceTransition", () => {
  const open: VoiceSession = {
    guildId: "g",
    userId: "u",
    channelId: "v1",
    bot: false,
    startedAt: 0,
    checkpointedAt: 10,
  };
  const counted = (id: string) => id !== "excluded";
  const change = (channelId: string | null) => ({ guildId: "g", userId: "u", channelId, bot: false });

  it("a join starts a session; a leave ends it; a move does both", () => {
    expect(nextVoiceTransition(undefined, change("v1"), 5, counted)).toEqual({
      ended: null,
      started: { guildId: "g", userId: "u", channelId: "v1", bot: false, startedAt: 5, checkpointedAt: 5 },
    });
    expect(nextVoiceTransition(open, change(null), 20, counted)).toEqual({ ended: open, started: null });
    expect(nextVoiceTransition(open, change("v2"), 20, counted)).toMatchObject({
      ended: open,
      started: { channelId: "v2", startedAt: 20 },
    });
  });

  it("a state update in the same channel (mute, camera) changes nothing; an excluded channel is not recorded", () => {
    expect(nextVoiceTransition(open, change("v1"), 20, counted)).toEqual({ ended: null, started: null });
    expect(nextVoiceTransition(open, change("excluded"), 20, counted)).toEqual({ ended: open, started: null });
    expect(nextVoiceTransition(undefined, change("excluded"), 20, counted)).toEqual({ ended: null, started: null });
  });
});
