import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerActiveMembersMetric } from "../../src/metrics/active-members.js";
import type { ActiveMembersRow } from "../../src/store/active-members-read.js";

describe("discord_active_members", () => {
  it("serves what read() returns at each collect, dropping series that are gone", async () => {
    const registry = new Registry();
    let rows: ActiveMembersRow[] = [
      { guildId: "111", window: "1d", count: 3 },
      { guildId: "111", window: "7d", count: 9 },
      { guildId: "111", window: "30d", count: 20 },
      { guildId: "222", window: "1d", count: 0 },
    ];
    let reads = 0;
    registerActiveMembersMetric(registry, () => {
      reads++;
      return rows;
    });
    expect(await registry.metrics()).toBe(
      [
        "# HELP discord_active_members Distinct human authors in the guild's counted channels and threads over the last N UTC days including today (window 1d, 7d, 30d).",
        "# TYPE discord_active_members gauge",
        'discord_active_members{guild_id="111",window="1d"} 3',
        'discord_active_members{guild_id="111",window="7d"} 9',
        'discord_active_members{guild_id="111",window="30d"} 20',
        'discord_active_members{guild_id="222",window="1d"} 0',
        "",
      ].join("\n"),
    );
    rows = [{ guildId: "111", window: "1d", count: 4 }];
    const second = await registry.getSingleMetric("discord_active_members")!.get();
    expect(second.values).toEqual([{ labels: { guild_id: "111", window: "1d" }, value: 4 }]);
    expect(reads).toBe(2);
  });
});
