import { describe, expect, it } from "vitest";
import { answerMembers } from "../../src/bot/answers/members-answer.js";
import { botLocale, fill } from "../../src/bot/bot-texts.js";
import { createCooldown } from "../../src/bot/cooldown.js";
import { inviteUrl } from "../../src/bot/invite-url.js";
import { buildStatsCommands, MAX_DAYS } from "../../src/bot/stats-command.js";
import type { StatsHistory } from "../../src/bot/stats-history.js";
import { parseStatsRequest } from "../../src/bot/stats-request.js";

const invocation = (subcommand: string | null, options: Record<string, string | number> = {}) => ({
  subcommand,
  options: new Map(Object.entries(options)),
});

describe("parseStatsRequest", () => {
  it("fills the defaults and keeps what is valid", () => {
    expect(parseStatsRequest(invocation("channels", { days: 7, limit: 3, theme: "light" }))).toEqual({
      ok: true,
      request: { subcommand: "channels", days: 7, limit: 3, channelId: null, theme: "light" },
    });
    expect(parseStatsRequest(invocation("members"))).toMatchObject({ ok: true, request: { days: 30, theme: "dark" } });
  });

  it.each([0, -1, MAX_DAYS + 1, 2.5, "30"])("refuses days %j: Discord's client checks, a bot checks anyway", (days) => {
    expect(parseStatsRequest(invocation("members", { days }))).toEqual({
      ok: false,
      error: { kind: "out_of_range", option: "days", value: days, min: 1, max: MAX_DAYS },
    });
  });

  it("refuses an unknown subcommand and ignores a channel option that is not an id", () => {
    expect(parseStatsRequest(invocation("dance"))).toEqual({
      ok: false,
      error: { kind: "unknown_subcommand", subcommand: "dance" },
    });
    expect(parseStatsRequest(invocation("activity", { channel: "general" }))).toMatchObject({
      ok: true,
      request: { channelId: null },
    });
  });
});

describe("the /stats command definition", () => {
  it("has Japanese names and descriptions for the command, every subcommand and option; voice only when on", () => {
    const [command] = buildStatsCommands({ voice: true }) as {
      name_localizations: Record<string, string>;
      options: {
        name: string;
        name_localizations: Record<string, string>;
        description_localizations: Record<string, string>;
        options?: { name_localizations: Record<string, string> }[];
      }[];
    }[];
    expect(command?.name_localizations.ja).toBe("統計");
    expect(command?.options.map((o) => o.name)).toEqual(["members", "channels", "activity", "summary", "voice"]);
    for (const sub of command?.options ?? []) {
      expect(sub.name_localizations.ja, sub.name).toBeTruthy();
      expect(sub.description_localizations.ja, sub.name).toBeTruthy();
      for (const option of sub.options ?? []) expect(option.name_localizations.ja).toBeTruthy();
    }
    const [withoutVoice] = buildStatsCommands({ voice: false }) as { options: { name: string }[] }[];
    expect(withoutVoice?.options.map((o) => o.name)).not.toContain("voice");
  });
});

describe("bot texts and links", () => {
  it("Japanese for Japanese clients only", () => {
    expect(["ja", "JA", "ja-JP"].map(botLocale)).toEqual(["ja", "ja", "ja"]);
    expect(["en-US", "ko", "zh-TW", null, undefined].map(botLocale)).toEqual(["en", "en", "en", "en", "en"]);
  });

  it("fill leaves an unknown placeholder visible rather than failing", () => {
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("the invite URL asks for bot and applications.commands with View, History and Connect (1115136)", () => {
    const url = new URL(inviteUrl("123", "456"));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "123",
      scope: "bot applications.commands",
      permissions: "1115136",
      guild_id: "456",
    });
  });
});

describe("the per-user cooldown", () => {
  it("lets one through, then says how long to wait, then lets the next through", () => {
    let now = 0;
    const cooldown = createCooldown({ ms: 5000, clock: () => now });
    expect(cooldown.take("a")).toBeNull();
    expect(cooldown.take("b")).toBeNull();
    now = 1200;
    expect(cooldown.take("a")).toBe(4);
    now = 5000;
    expect(cooldown.take("a")).toBeNull();
  });

  it("stays bounded: users whose cooldown is over are forgotten first", () => {
    let now = 0;
    const cooldown = createCooldown({ ms: 10, clock: () => now, maxUsers: 3 });
    for (const user of ["a", "b", "c"]) cooldown.take(user);
    now = 20;
    for (const user of ["d", "e", "f", "g"]) expect(cooldown.take(user)).toBeNull();
    expect(cooldown.take("a")).toBeNull();
  });
});

describe("answerMembers", () => {
  const history = (points: { at: number; members: number; online: number | null }[]) =>
    ({ memberPoints: () => points, guild: () => ({ name: "G", members: 0, online: 0 }) }) as unknown as StatsHistory;
  const request = { subcommand: "members" as const, days: 30, limit: 10, channelId: null, theme: "dark" as const };

  it("states members now, the change and its percentage, and the peak online, in the locale", () => {
    const points = [
      { at: 1, members: 1000, online: 100 },
      { at: 2, members: 1100, online: 250 },
      { at: 3, members: 1050, online: null },
    ];
    const en = answerMembers({ history: history(points), guildId: "g", request, locale: "en", now: 10 });
    expect(en).toMatchObject({
      kind: "reply",
      content: "**1,050** members now, **+50** (+5%) over the last 30 days. Peak online: **250**.",
    });
    const ja = answerMembers({ history: history(points), guildId: "g", request, locale: "ja", now: 10 });
    expect(ja.kind === "reply" && ja.content).toBe(
      "現在のメンバー数は **1,050** 人。過去30日間で **+50** 人（+5%）。オンライン数の最大は **250** 人でした。",
    );
  });

  it("no samples yet: a notice, not an empty chart", () => {
    expect(answerMembers({ history: history([]), guildId: "g", request, locale: "en", now: 10 })).toEqual({
      kind: "notice",
      content: "No member counts recorded yet: wait for the exporter's first sync.",
    });
  });
});
