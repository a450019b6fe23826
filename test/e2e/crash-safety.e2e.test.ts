import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { mulberry32 } from "../../fake-discord/rng.js";
import { World } from "../../fake-discord/world.js";
import { TEST_TOKEN } from "../helpers/exporter-harness.js";
import { freePort, spawnExporter, waitFor } from "../helpers/exporter-process.js";
import { makeTempDir } from "../helpers/temp-store.js";

const YEAR = 365 * 86_400_000;
const now = Date.now();

interface CountRow {
  id: string;
  human: number;
  bot: number;
  done: number;
  lastSeen: string | null;
}

function readCounts(file: string): CountRow[] {
  const db = new Database(file, { readonly: true });
  try {
    // Killed before its first migration finished: the file exists but holds no table yet, which is fine.
    const migrated = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'channels'").get();
    if (!migrated) return [];
    return db
      .prepare(
        "SELECT id, human_messages AS human, bot_messages AS bot, backfill_done AS done, last_seen_id AS lastSeen FROM channels WHERE type = 0 ORDER BY id",
      )
      .all() as CountRow[];
  } finally {
    db.close();
  }
}

function readDailyTotals(file: string, channelId: string): Map<string, { human: number; bot: number }> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT day, human_messages AS human, bot_messages AS bot FROM daily_messages WHERE channel_id = ?")
      .all(channelId) as {
      day: string;
      human: number;
      bot: number;
    }[];
    return new Map(rows.map((row) => [row.day, { human: row.human, bot: row.bot }]));
  } finally {
    db.close();
  }
}

describe("crash safety: SIGKILL at any moment loses and double-counts nothing", () => {
  const world = new World({ seed: 1234 });
  const guild = world.addGuild({ name: "Crash", memberCount: 50, presenceCount: 5 });
  const big = world.addChannel(guild.id, { name: "big", type: 0 });
  const medium = world.addChannel(guild.id, { name: "medium", type: 0 });
  world.addMessages(big.id, 30_000, { fromMs: now - 5 * YEAR, toMs: now - 60_000, botRatio: 0.25 });
  world.addMessages(medium.id, 4_000, { fromMs: now - 2 * YEAR, toMs: now - 60_000, botRatio: 0.1 });
  let fake: FakeDiscord;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    // A little latency per request, so a backfill of 340 pages spans the kill moments.
    fake = await startFakeDiscord(world, { token: TEST_TOKEN, faults: { latencyMs: 4 } });
    dir = makeTempDir();
    env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: fake.url,
      DATABASE_PATH: path.join(dir, "exporter.db"),
      POLL_INTERVAL: "10s",
      CONCURRENCY: "2",
    };
  });
  afterAll(async () => {
    await fake?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is exact after repeated kills during backfill and forward syncs", async () => {
    // Random kill moments, from before the database is opened to late in the backfill. The seed is in every
    // failure message; CRASH_SEED=<seed> replays a failing run.
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = mulberry32(seed);
    const killAfterMs = Array.from({ length: 10 }, () => 100 + Math.floor(random() * 1500));
    for (const [round, delay] of killAfterMs.entries()) {
      const port = await freePort();
      const exporter = spawnExporter(env, port);
      await new Promise((resolve) => setTimeout(resolve, delay));
      exporter.child.kill("SIGKILL");
      const exit = await exporter.exited;
      expect(exit.signal, `seed ${seed}: ${exporter.output()}`).toBe("SIGKILL");
      // Messages keep arriving between crashes: forward syncs get interrupted too.
      world.addMessagesNow(big.id, 37 + round, { botRatio: 0.2 });
      world.addMessagesNow(medium.id, 101, { botRatio: 0.2 });
      if (fs.existsSync(env.DATABASE_PATH!)) {
        // Never more than the truth at any crash point: a double count would show here first.
        for (const row of readCounts(env.DATABASE_PATH!)) {
          expect(row.human + row.bot, `seed ${seed}, kill ${round}`).toBeLessThanOrEqual(world.messageCount(row.id));
        }
      }
    }

    const port = await freePort();
    const exporter = spawnExporter(env, port);
    try {
      await waitFor(
        "the backfill and forward syncs to finish",
        () => {
          if (!fs.existsSync(env.DATABASE_PATH!)) return undefined;
          const rows = readCounts(env.DATABASE_PATH!);
          const finished =
            rows.length === 2 && rows.every((row) => row.done === 1 && row.lastSeen === world.lastMessageId(row.id));
          return finished ? rows : undefined;
        },
        90_000,
      ).catch((error: unknown) => {
        const state = fs.existsSync(env.DATABASE_PATH!) ? readCounts(env.DATABASE_PATH!) : [];
        const truth = state.map((row) => ({
          id: row.id,
          total: world.messageCount(row.id),
          last: world.lastMessageId(row.id),
        }));
        throw new Error(
          `${String(error)}\nstored: ${JSON.stringify(state)}\ntruth: ${JSON.stringify(truth)}\n${exporter.output().slice(-3000)}`,
        );
      });
      for (const row of readCounts(env.DATABASE_PATH!)) {
        expect({ id: row.id, human: row.human, bot: row.bot }, `seed ${seed}`).toEqual({
          id: row.id,
          human: world.messageCount(row.id, { bot: false }),
          bot: world.messageCount(row.id, { bot: true }),
        });
        const daily = readDailyTotals(env.DATABASE_PATH!, row.id);
        expect(daily).toEqual(
          new Map([...world.dailyCounts(row.id)].map(([day, c]) => [day, { human: c.human, bot: c.bot }])),
        );
      }
    } finally {
      exporter.child.kill("SIGKILL");
      await exporter.exited;
    }
  }, 180_000);

  it("a recount killed at any moment changes nothing; a finished one swaps in the exact count", async () => {
    world.deleteMessages(big.id, world.messageIds(big.id).slice(500, 650));
    const before = readCounts(env.DATABASE_PATH!);
    for (const delay of [200, 700, 1200, 1800]) {
      const recount = spawnExporter(env, 2112, "src/cli/recount.ts --channel big");
      await new Promise((resolve) => setTimeout(resolve, delay));
      recount.child.kill("SIGKILL");
      await recount.exited;
      expect(readCounts(env.DATABASE_PATH!)).toEqual(before);
    }
    const finished = spawnExporter(env, 2112, "src/cli/recount.ts --channel big");
    const exit = await finished.exited;
    expect(exit.code, finished.output()).toBe(0);
    const after = readCounts(env.DATABASE_PATH!).find((row) => row.id === big.id)!;
    expect(after.human).toBe(world.messageCount(big.id, { bot: false }));
    expect(after.bot).toBe(world.messageCount(big.id, { bot: true }));
  }, 120_000);

  it("SIGTERM finishes the page in flight, closes the database and exits 0", async () => {
    const port = await freePort();
    const exporter = spawnExporter(env, port);
    await waitFor("metrics to be served", async () => ((await fetch(`${exporter.url}/healthz`)).ok ? true : undefined));
    exporter.child.kill("SIGTERM");
    const exit = await exporter.exited;
    expect(exit, exporter.output()).toEqual({ code: 0, signal: null });
    const db = new Database(env.DATABASE_PATH!, { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });

  it("refuses to start a second exporter on the same database", async () => {
    const first = spawnExporter(env, await freePort());
    try {
      await waitFor("the first exporter to serve", async () =>
        (await fetch(`${first.url}/healthz`)).ok ? true : undefined,
      );
      const second = spawnExporter(env, await freePort());
      const exit = await second.exited;
      expect(exit.code).toBe(1);
      expect(second.output()).toContain("another discord-exporter is already running on database");
    } finally {
      first.child.kill("SIGTERM");
      await first.exited;
    }
  });
});
