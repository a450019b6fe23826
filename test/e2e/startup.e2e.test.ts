import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { TEST_TOKEN } from "../helpers/exporter-harness.js";
import { freePort, spawnExporter } from "../helpers/exporter-process.js";
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
