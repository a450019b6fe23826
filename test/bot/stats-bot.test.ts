import { describe, expect, it } from "vitest";
import { createCooldown } from "../../src/bot/cooldown.js";
import { createStatsBot, type StatsBotDeps } from "../../src/bot/stats-bot.js";
import type { StatsHistory } from "../../src/bot/stats-history.js";
import type { ChartRenderer } from "../../src/charts/render/index.js";
import { ChartQueueFullError, ChartRenderFailedError } from "../../src/charts/render/index.js";
import { createSilentLogger } from "../../src/log.js";

const GUILD = "100000000000000001";
const NOW = Date.UTC(2026, 10, 20, 12);

/** A history with a few member samples, enough for /stats members to want a chart. */
const history: StatsHistory = {
  guild: () => ({ name: "G", members: 12, online: 3 }),
  memberPoints: () => [
    { at: NOW - 86_400_000, members: 10, online: 2 },
    { at: NOW, members: 12, online: 3 },
  ],
  messagesPerDay: () => [],
  activePerDay: () => [],
  activeMembers: () => ({ d1: 0, d7: 0, d30: 0 }),
  topChannels: () => [],
  channel: () => null,
  coverage: () => ({ ratio: 1, completeSince: null, done: true, etaSeconds: null }),
  voicePerDay: () => ({ days: [], people: 0 }),
};

/** What the bot sent, in order; each method behaves as discord.js's would for a live interaction. */
function interaction(options: { subcommand: string; locale?: string; userId?: string }) {
  const sent: { call: string; body?: unknown }[] = [];
  return {
    sent,
    commandName: "stats",
    guildId: GUILD,
    locale: options.locale ?? "en-US",
    user: { id: options.userId ?? "u1" },
    options: { getSubcommand: () => options.subcommand, data: [{ name: options.subcommand, options: [] }] },
    reply: async (body: unknown) => void sent.push({ call: "reply", body }),
    deferReply: async () => void sent.push({ call: "deferReply" }),
    editReply: async (body: unknown) => void sent.push({ call: "editReply", body }),
    deleteReply: async () => void sent.push({ call: "deleteReply" }),
    followUp: async (body: unknown) => void sent.push({ call: "followUp", body }),
  };
}

function bot(renderer: Partial<ChartRenderer>, results: string[] = []) {
  const deps: StatsBotDeps = {
    history,
    renderer: {
      status: () => ({ drawing: 0, queued: 0 }),
      render: async () => Buffer.from("png"),
      close: async () => {},
      ...renderer,
    },
    cooldown: createCooldown({ ms: 5000, clock: () => NOW }),
    clock: () => NOW,
    log: createSilentLogger(),
    metrics: { commandFinished: (_command, result) => void results.push(result) },
    guildIds: new Set([GUILD]),
    voice: false,
    chartSent: () => void results.push("chart sent"),
  };
  return createStatsBot(deps);
}

const EPHEMERAL = 64;

describe("stats-bot: what it sends, and when", () => {
  it("a chart: defer first (public), then edit in the PNG", async () => {
    const results: string[] = [];
    const i = interaction({ subcommand: "members" });
    await bot({}, results).handle(i as never);
    expect(i.sent.map((s) => s.call)).toEqual(["deferReply", "editReply"]);
    expect(i.sent[1]?.body).toMatchObject({ files: [{ name: "members.png" }] });
    expect(results).toEqual(["chart sent", "ok"]);
  });

  it("a chart whose upload fails still says its PNG is done with, so that its memory is released", async () => {
    const results: string[] = [];
    const i = {
      ...interaction({ subcommand: "members" }),
      editReply: async () => Promise.reject(new Error("upload failed")),
    };
    await bot({}, results).handle(i as never);
    expect(results).toEqual(["chart sent", "error"]);
  });

  it("a full render queue after the deferral: the public 'thinking' is taken back, the asker alone is told to wait", async () => {
    const results: string[] = [];
    const i = interaction({ subcommand: "members", locale: "ja" });
    await bot({ render: async () => Promise.reject(new ChartQueueFullError(3, 7000)) }, results).handle(i as never);
    expect(i.sent.map((s) => s.call)).toEqual(["deferReply", "deleteReply", "followUp"]);
    expect(i.sent[2]?.body).toEqual({
      content: "グラフの作成が混み合っています。7秒後にもう一度お試しください。",
      flags: EPHEMERAL,
    });
    expect(results).toEqual(["busy"]);
  });

  it("a queue already long: refused before deferring, so the refusal is ephemeral from the start", async () => {
    const i = interaction({ subcommand: "members" });
    await bot({ status: () => ({ drawing: 1, queued: 8 }) }).handle(i as never);
    expect(i.sent).toEqual([
      { call: "reply", body: { content: "Charts are busy right now: try again in 5 s.", flags: EPHEMERAL } },
    ]);
  });

  it("a failed render is an ephemeral apology and an error in the metric, never a throw", async () => {
    const results: string[] = [];
    const i = interaction({ subcommand: "members" });
    await bot({ render: async () => Promise.reject(new ChartRenderFailedError("canvas broke")) }, results).handle(
      i as never,
    );
    expect(i.sent.at(-1)?.body).toEqual({
      content: "Something went wrong making the answer. Try again in a while.",
      flags: EPHEMERAL,
    });
    expect(results).toEqual(["error"]);
  });

  it("an answer that throws (say, the database) is logged and counted, and the asker is told", async () => {
    const results: string[] = [];
    const broken = interaction({ subcommand: "summary" });
    const deps = bot({}, results);
    history.guild = () => {
      throw new Error("database is locked");
    };
    try {
      await deps.handle(broken as never);
    } finally {
      history.guild = () => ({ name: "G", members: 12, online: 3 });
    }
    expect(broken.sent).toEqual([
      {
        call: "reply",
        body: { content: "Something went wrong making the answer. Try again in a while.", flags: EPHEMERAL },
      },
    ]);
    expect(results).toEqual(["error"]);
  });

  it("a guild the exporter does not count, and /stats voice while voice is off: ephemeral notices", async () => {
    const other = { ...interaction({ subcommand: "summary" }), guildId: "999999999999999999" };
    await bot({}).handle(other as never);
    expect(other.sent[0]?.body).toEqual({ content: "This server is not one the exporter counts.", flags: EPHEMERAL });
    const voice = interaction({ subcommand: "voice", locale: "ja" });
    await bot({}).handle(voice as never);
    expect(voice.sent[0]?.body).toEqual({
      content: "ボイスチャンネルの記録は有効になっていません（VOICE_ACTIVITY）。",
      flags: EPHEMERAL,
    });
  });
});
