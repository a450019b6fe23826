import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { TEST_TOKEN } from "../helpers/exporter-harness.js";
import { spawnExporter, waitFor } from "../helpers/exporter-process.js";
import { freePort } from "../helpers/free-port.js";
import { parseMetrics, sumSamples } from "../helpers/parse-metrics.js";
import { makeTempDir } from "../helpers/temp-store.js";
import path from "node:path";
import fs from "node:fs";

describe("starting the exporter process", () => {
  const world = new World({ seed: 3 });
  const guild = world.addGuild({ name: "Startup" });
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeDiscord(world, { token: TEST_TOKEN });
    dir = makeTempDir();
  });
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a bad configuration: every problem on its own line, exit 2, nothing written", async () => {
    const databasePath = path.join(dir, "never.db");
    const exporter = spawnExporter(
      { DISCORD_GUILD_ID: "abc", POLL_INTERVAL: "soon", DATABASE_PATH: databasePath },
      await freePort(),
    );
    const exit = await exporter.exited;
    expect(exit.code).toBe(2);
    expect(exporter.output().trim().split("\n")).toEqual([
      'discord-exporter: DISCORD_TOKEN is required (environment variable DISCORD_TOKEN or "token" in discord-exporter.yaml)',
      'discord-exporter: DISCORD_GUILD_ID must list Discord server ids (17 to 20 digits), got "abc"',
      'discord-exporter: POLL_INTERVAL must be a duration like 30s, 15m or 1h, got "soon"',
    ]);
    expect(fs.existsSync(databasePath)).toBe(false);
  });

  it("a token Discord rejects: a clear fatal error, not a crash loop, and the token is never printed", async () => {
    const token = "rejected-token-0123456789abcdefghij";
    const exporter = spawnExporter(
      {
        DISCORD_TOKEN: token,
        DISCORD_GUILD_ID: guild.id,
        DISCORD_API_URL: fake.url,
        DATABASE_PATH: path.join(dir, "rejected.db"),
      },
      await freePort(),
    );
    const exit = await exporter.exited;
    expect(exit.code).toBe(78);
    expect(exporter.output()).toContain(
      "discord-exporter: Discord rejected the token (401 Unauthorized): check DISCORD_TOKEN",
    );
    expect(exporter.output()).not.toContain(token);
  });
});

describe("the compiled exporter, as npm start runs it", () => {
  const world = new World({ seed: 4 });
  const guild = world.addGuild({ name: "Compiled", memberCount: 12, presenceCount: 3 });
  const channel = world.addChannel(guild.id, { name: "general", type: 0 }).id;
  world.addMessages(channel, 345, { fromMs: Date.now() - 86_400_000 * 90, toMs: Date.now() - 1000, botRatio: 0.2 });
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    // dist/ was built once for the whole run by test/global-setup.ts.
    expect(fs.existsSync("dist/cli/main.js")).toBe(true);
    fake = await startFakeDiscord(world, { token: TEST_TOKEN });
    dir = makeTempDir();
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves exact counts rendered by its worker thread, and stops cleanly", async () => {
    const exporter = spawnExporter(
      {
        DISCORD_TOKEN: TEST_TOKEN,
        DISCORD_GUILD_ID: guild.id,
        DISCORD_API_URL: fake.url,
        DATABASE_PATH: path.join(dir, "compiled.db"),
      },
      await freePort(),
      "dist/cli/main.js serve",
    );
    try {
      const samples = await waitFor("the backfill to show in /metrics", async () => {
        const parsed = parseMetrics(await (await fetch(`${exporter.url}/metrics`)).text());
        return sumSamples(parsed, "discord_channel_messages", { channel_id: channel }) === 345 ? parsed : undefined;
      });
      expect(sumSamples(samples, "discord_channel_messages", { channel_id: channel, author: "bot" })).toBe(
        world.messageCount(channel, { bot: true }),
      );
      expect(sumSamples(samples, "discord_guild_members")).toBe(12);
    } finally {
      exporter.child.kill("SIGTERM");
    }
    expect(await exporter.exited).toEqual({ code: 0, signal: null });
  });
});
