import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestLogEntry } from "../../fake-discord/request-log.js";
import { utcDay } from "../../fake-discord/day-buckets.js";
import type { FaultOptions } from "../../fake-discord/faults.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { timeFromSnowflake } from "../../fake-discord/snowflake.js";
import { mulberry32 } from "../../fake-discord/rng.js";
import { World } from "../../fake-discord/world.js";
import { TEST_TOKEN } from "../helpers/exporter-harness.js";
import { type ExporterProcess, spawnExporter, waitFor } from "../helpers/exporter-process.js";
import { freePort } from "../helpers/free-port.js";
import { makeTempDir } from "../helpers/temp-store.js";
import { readStoredDays } from "../helpers/daily-rows.js";
import {
  type ChannelCursors,
  classifySwapKill,
  LaneTally,
  landedMidBackfill,
  landedMidForward,
  recountWalkCursor,
} from "./crash-safety-landing.js";

const YEAR = 365 * 86_400_000;
const now = Date.now();

interface StoredChannel {
  id: string;
  human: number;
  bot: number;
  done: number;
  lastSeen: string | null;
  before: string | null;
}

function withDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function readChannels(file: string): StoredChannel[] {
  if (!fs.existsSync(file)) return [];
  return withDb(file, (db) => {
    // Killed before its first migration finished: the file exists but holds no table yet, which is fine.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'channels'").get()) return [];
    return db
      .prepare(`SELECT id, human_messages AS human, bot_messages AS bot, backfill_done AS done,
                last_seen_id AS lastSeen, backfill_before_id AS before FROM channels WHERE type = 0 ORDER BY id`)
      .all() as StoredChannel[];
  });
}

/** The cursors a kill's landing is judged by; undefined before the channel's row exists. */
function readCursors(file: string, channelId: string): ChannelCursors | undefined {
  const row = readChannels(file).find((stored) => stored.id === channelId);
  if (row === undefined) return undefined;
  return { total: row.human + row.bot, lastSeen: row.lastSeen, before: row.before, done: row.done === 1 };
}

function readDays(file: string, channelId: string): Map<string, { human: number; bot: number }> {
  return withDb(file, (db) => {
    const rows = readStoredDays(db, channelId);
    return new Map(rows.map((row) => [row.day, { human: row.human, bot: row.bot }]));
  });
}

/**
 * The one invariant a crash must never break: what is stored for a channel equals, exactly, the fake's messages in
 * the window its cursors say were counted (backfill cursor to forward cursor), in total and day by day. Checked after
 * every kill, not only at the end: a double count or a lost page shows at once, at the kill that caused it.
 */
function expectCountedWindowExact(world: World, file: string, label: string): void {
  for (const row of readChannels(file)) {
    const low = row.done || row.before === null ? 0n : BigInt(row.before);
    const high = row.lastSeen === null ? -1n : BigInt(row.lastSeen);
    const days = new Map<string, { human: number; bot: number }>();
    let human = 0;
    let bot = 0;
    for (const message of world.readMessages(row.id, { mode: "newest", limit: 10_000_000 })) {
      const { id, day } = snowflakeOf(message.id);
      if (id < low || id > high) continue;
      const counts = days.get(day) ?? { human: 0, bot: 0 };
      if (message.author.bot) {
        counts.bot++;
        bot++;
      } else {
        counts.human++;
        human++;
      }
      days.set(day, counts);
    }
    expect({ human: row.human, bot: row.bot }, `${label}: channel ${row.id}`).toEqual({ human, bot });
    expect(readDays(file, row.id), `${label}: channel ${row.id} days`).toEqual(days);
  }
}

// A message's id and UTC day never change: worked out once, not at each of the ~30 checks (the check ran ~1.5 s of
// the file's CPU before).
const snowflakes = new Map<string, { id: bigint; day: string }>();
function snowflakeOf(text: string): { id: bigint; day: string } {
  let known = snowflakes.get(text);
  if (known === undefined) {
    const id = BigInt(text);
    known = { id, day: utcDay(timeFromSnowflake(id)) };
    snowflakes.set(text, known);
  }
  return known;
}

/** A copy of a database no process has open (its WAL files too), to put back later. */
function saveDatabase(file: string): { restore(): void } {
  const parts = [file, `${file}-wal`, `${file}-shm`];
  const copies = parts.map((part) => (fs.existsSync(part) ? fs.readFileSync(part) : null));
  return {
    restore() {
      parts.forEach((part, i) => {
        const copy = copies[i];
        if (copy) fs.writeFileSync(part, copy);
        else fs.rmSync(part, { force: true });
      });
    },
  };
}

const isPageRequest = (entry: RequestLogEntry) => entry.route === "/channels/:id/messages";

type RequestHook = { current: ((entry: RequestLogEntry) => void) | null };

interface SignalledRun {
  /** The signal was sent from the fake's hook, on the aimed request (not by the 20 s guard). */
  sent: boolean;
  /** The request the signal was sent on: in flight at that moment, the fake answers it after the hook returns. */
  aimed: RequestLogEntry | null;
  /** The aimed request's status when the process exited: 0 if the fake had not answered it yet. */
  aimedStatusAtExit: number;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
}

/**
 * Starts a process and sends it `signal` when the fake receives the n-th request `matches` picks, since the start,
 * from the fake's request hook: the request is then in flight. `onAim` runs first, in the same hook, before the fake
 * answers. A process that never makes that request (its work ran out first) is SIGKILLed after 20 s and reported as
 * not signalled on aim, instead of hanging the test to its timeout.
 */
async function signalOnRequest(
  fakeHook: RequestHook,
  start: () => Promise<ExporterProcess>,
  matches: (entry: RequestLogEntry) => boolean,
  n: number,
  { signal = "SIGKILL", onAim }: { signal?: NodeJS.Signals; onAim?: (entry: RequestLogEntry) => void } = {},
): Promise<SignalledRun> {
  let seen = 0;
  let proc: ExporterProcess | null = null;
  let sent = false;
  let aimed: RequestLogEntry | null = null;
  fakeHook.current = (entry) => {
    if (!matches(entry) || ++seen !== n || proc === null) return;
    aimed = entry;
    onAim?.(entry);
    sent = proc.child.kill(signal);
  };
  proc = await start();
  const started = proc;
  const giveUp = setTimeout(() => started.child.kill("SIGKILL"), 20_000);
  const exit = await proc.exited;
  // Read before any timer can run: the fake answers a delayed request from a timer of this process.
  const aimedStatusAtExit = (aimed as RequestLogEntry | null)?.status ?? 0;
  clearTimeout(giveUp);
  fakeHook.current = null;
  const output = `${JSON.stringify(exit)} after ${seen} matching requests: ${proc.output()}`;
  return { sent, aimed, aimedStatusAtExit, exit, output };
}

/** signalOnRequest with SIGKILL; `killed` only when the process really died of that kill. */
async function killOnRequest(
  fakeHook: RequestHook,
  start: () => Promise<ExporterProcess>,
  matches: (entry: RequestLogEntry) => boolean,
  n: number,
): Promise<{ killed: boolean; aimed: RequestLogEntry | null; output: string }> {
  const run = await signalOnRequest(fakeHook, start, matches, n);
  return { killed: run.sent && run.exit.signal === "SIGKILL", aimed: run.aimed, output: run.output };
}

/**
 * One crash world: the fake Discord, its two channels of history, a database and an RNG of its own. Each kind of
 * kill (backfill, forward sync, recount) gets its own lane, and the lanes run at the same time: their exporters spend
 * most of their life starting up, and one lane's start overlaps another's kills. The big channel's size is the lane's:
 * the backfill's kills need pages left to land in, the other lanes count it whole several times.
 */
function crashLane(seed: number, bigMessages: number) {
  const world = new World({ seed: 1234 });
  const guild = world.addGuild({ name: "Crash", memberCount: 50, presenceCount: 5 });
  const big = world.addChannel(guild.id, { name: "big", type: 0 });
  const medium = world.addChannel(guild.id, { name: "medium", type: 0 });
  world.addMessages(big.id, bigMessages, { fromMs: now - 5 * YEAR, toMs: now - 60_000, botRatio: 0.25 });
  world.addMessages(medium.id, 2_000, { fromMs: now - 2 * YEAR, toMs: now - 60_000, botRatio: 0.1 });
  const hook: RequestHook = { current: null };
  const lane = {
    world,
    big,
    medium,
    hook,
    random: mulberry32(seed),
    env: {} as Record<string, string>,
    setFaults: (faults: FaultOptions) => fake.setFaults(faults),
    db: () => lane.env.DATABASE_PATH!,
    exporter: async () => spawnExporter(lane.env, await freePort()),
    /** Runs one exporter until every channel's backfill is done, then SIGKILLs it. */
    async finishBackfill() {
      const proc = await lane.exporter();
      try {
        await waitFor(
          "the backfill to finish",
          () => {
            // Both channels stored and done: a fresh database has no rows yet, and none is not "all done".
            const rows = readChannels(lane.db());
            return rows.length === 2 && rows.every((r) => r.done === 1) ? true : undefined;
          },
          90_000,
        );
      } finally {
        proc.child.kill("SIGKILL");
        await proc.exited;
      }
    },
  };
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeDiscord(world, { token: TEST_TOKEN, onRequest: (entry) => hook.current?.(entry) });
    dir = makeTempDir();
    lane.env = {
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
  return lane;
}

describe("crash safety: SIGKILL in the middle of the work loses and double-counts nothing", () => {
  // Replay a failing run with CRASH_SEED=<seed>; the seed is in every failure message. Each lane draws from its own
  // generator (seed, seed + 1, seed + 2), so a replay repeats every lane's kills whatever order the lanes ran in.
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  // Only real kills are tallied (the process died by SIGKILL); a kill "landed" only if the store proves it cut work in
  // progress (crash-safety-landing.ts says how each lane tells).
  const landed = {
    backfill: new LaneTally("landed mid-backfill"),
    forward: new LaneTally("landed mid-forward-sync"),
    recountWalk: new LaneTally("landed mid-recount walk"),
    recountSwap: new LaneTally("landed inside the recount's swap"),
  };
  const allKills = () => Object.values(landed).reduce((sum, lane) => sum + lane.kills, 0);
  /** Swap attempts whose recount exited on its own before the kill on its marker line reached it. */
  let swapNotKilled = 0;
  afterAll(() => {
    console.info(
      `crash-safety (seed ${seed}): ${allKills()} kills; ${landed.backfill.describe("messages committed in the round")}; ` +
        `${landed.forward.describe("messages committed in the round")}; ` +
        `${landed.recountWalk.describe("messages merged aside")}; ${landed.recountSwap.describe("")} ` +
        `(${swapNotKilled} more attempts finished before their kill)`,
    );
  });

  describe.concurrent("lane 1: the backfill", () => {
    // 120 pages: 14 kills after 1 to 8 of its pages each (and one in flight) stay inside its backfill.
    const lane = crashLane(seed, 12_000);
    const { big, hook, random, world } = lane;
    // Counted on the big channel alone: it has one page in flight at a time, so its n-th request (n >= 2) comes
    // after its page n-1 was committed, whatever the other channel's first pages do meanwhile (counted over both,
    // two first pages in flight at once let a kill on request 2 land before any commit).
    const isBigPage = (entry: RequestLogEntry) => isPageRequest(entry) && entry.path === `/channels/${big.id}/messages`;

    it("is exact after each of 14 kills on a page request of the backfill", async () => {
      for (let round = 0; round < 14; round++) {
        const n = 2 + Math.floor(random() * 8);
        const start = readCursors(lane.db(), big.id);
        const { killed, output } = await killOnRequest(hook, lane.exporter, isBigPage, n);
        expect(killed, `seed ${seed}, round ${round}: ${output}`).toBe(true);
        const end = readCursors(lane.db(), big.id);
        landed.backfill.kill(landedMidBackfill(start, end), (end?.total ?? 0) - (start?.total ?? 0));
        expectCountedWindowExact(world, lane.db(), `seed ${seed}, backfill kill ${round} at page request ${n}`);
      }
      // Every one: big's request n >= 2 is sent only once its page n-1 is committed, and 14 rounds of at most 8 pages
      // never reach its 120th.
      expect(landed.backfill.landed, `seed ${seed}: ${landed.backfill.describe("messages")}`).toBe(14);
    }, 120_000);
  });

  describe.concurrent("lane 2: forward syncs, then shutdown and the instance lock", () => {
    const lane = crashLane(seed + 1, 6_000);
    const { big, hook, medium, random, world } = lane;
    const { db, exporter } = lane;
    // Counted on the big channel alone, like lane 1: both forward syncs start at once (CONCURRENCY=2), so counted over
    // both channels, a kill on request 2 could land while the two first pages were in flight and nothing committed.
    const isBigForward = (entry: RequestLogEntry) =>
      isPageRequest(entry) && entry.path === `/channels/${big.id}/messages` && entry.query.after !== undefined;

    describe.sequential("in order, on one database", () => {
      it("is exact after each of 8 kills on a page request of a forward sync", async () => {
        // Finish the backfill first: the kills below must land in forward syncs.
        await lane.finishBackfill();
        for (let round = 0; round < 8; round++) {
          // 1,000 new messages: ten forward pages to count, the kill lands on the 2nd to 8th.
          world.addMessagesNow(big.id, 1000, { botRatio: 0.2 });
          world.addMessagesNow(medium.id, 150 + round, { botRatio: 0.2 });
          const n = 2 + Math.floor(random() * 7);
          const start = readCursors(db(), big.id);
          const { killed, output } = await killOnRequest(hook, exporter, isBigForward, n);
          expect(killed, `seed ${seed}, round ${round}: ${output}`).toBe(true);
          const end = readCursors(db(), big.id);
          const newest = world.lastMessageId(big.id)!;
          landed.forward.kill(landedMidForward(start, end, newest), (end?.total ?? 0) - (start?.total ?? 0));
          expectCountedWindowExact(world, db(), `seed ${seed}, forward kill ${round} at forward request ${n}`);
        }
        // Every one, as in lane 1: big's forward request n >= 2 follows its page n-1's commit, and it has 10 pages.
        expect(landed.forward.landed, `seed ${seed}: ${landed.forward.describe("messages")}`).toBe(8);
        // And a last run to the end: exact against the whole truth, day by day.
        const last = await exporter();
        try {
          await waitFor(
            "forward syncs to reach the newest messages",
            () => (readChannels(db()).every((r) => r.lastSeen === world.lastMessageId(r.id)) ? true : undefined),
            60_000,
          );
        } finally {
          last.child.kill("SIGKILL");
          await last.exited;
        }
        for (const row of readChannels(db())) {
          expect({ human: row.human, bot: row.bot }).toEqual({
            human: world.messageCount(row.id, { bot: false }),
            bot: world.messageCount(row.id, { bot: true }),
          });
          expect(readDays(db(), row.id)).toEqual(world.dailyCounts(row.id));
        }
      }, 180_000);

      it("SIGTERM with a page in flight waits for its answer, commits none of it, closes the database and exits 0", async () => {
        // Five forward pages to count; SIGTERM is sent on big's second forward request, after its first page's commit.
        world.addMessagesNow(big.id, 500, { botRatio: 0.2 });
        const start = readCursors(db(), big.id);
        let atSignal: ChannelCursors | undefined;
        const run = await signalOnRequest(hook, exporter, isBigForward, 2, {
          signal: "SIGTERM",
          onAim: () => {
            atSignal = readCursors(db(), big.id);
            // The fake reads its latency after this hook: this very page is answered 500 ms after the signal, so
            // an exporter that did not wait for it would exit before its answer.
            lane.setFaults({ latencyMs: 500, onlyPaths: new RegExp(`^/channels/${big.id}/messages$`) });
          },
        });
        lane.setFaults({});
        expect(run.sent, run.output).toBe(true);
        expect(run.exit, run.output).toEqual({ code: 0, signal: null });
        // The signal cut a forward sync in the middle: a page of it committed, more to come.
        expect(landedMidForward(start, atSignal, world.lastMessageId(big.id)!), run.output).toBe(true);
        expect(run.aimedStatusAtExit, "the fake had answered the page in flight before the exporter exited").toBe(200);
        // The page answered after the stop was dropped whole: its cursor is where the signal found it.
        expect(readCursors(db(), big.id)).toEqual(atSignal);
        withDb(db(), (handle) => expect(handle.pragma("integrity_check", { simple: true })).toBe("ok"));
        expectCountedWindowExact(world, db(), `seed ${seed}, SIGTERM on forward request 2`);
      });

      it("refuses to start a second exporter on the same database", async () => {
        const port = await freePort();
        const first = spawnExporter(lane.env, port);
        try {
          await waitFor("the first exporter to serve", async () =>
            (await fetch(`${first.url}/healthz`)).ok ? true : undefined,
          );
          const second = spawnExporter(lane.env, await freePort());
          const exit = await second.exited;
          expect(exit.code).toBe(1);
          expect(second.output()).toContain("another discord-exporter is already running on database");
        } finally {
          first.child.kill("SIGTERM");
          await first.exited;
        }
      });
    });
  });

  describe.concurrent("lane 3: the recount", () => {
    const lane = crashLane(seed + 2, 6_000);
    const { big, hook, random, world } = lane;
    const db = lane.db;
    // Of the kills on the swap's marker line (up to 8 attempts, stopping at 4 inside), how many must land before its
    // commit: 4 of 4 in each of 5 runs, 3 of them beside two busy loops (load average 16-20).
    const SWAP_FLOOR = 3;

    it("a recount killed in its walk or inside its swap changes nothing; a finished one swaps in the exact count", async () => {
      // A complete count to recount, then deletions it has not seen: the recount's new count differs from it.
      await lane.finishBackfill();
      world.deleteMessages(big.id, world.messageIds(big.id).slice(500, 650));
      const env = lane.env;
      const before = readChannels(db());
      const daysBefore = readDays(db(), big.id);
      const recount = async () => spawnExporter(env, 2112, "src/cli/main.ts recount --channel big");
      for (let round = 0; round < 4; round++) {
        const n = 2 + Math.floor(random() * 55);
        const { killed, output, aimed } = await killOnRequest(hook, recount, isPageRequest, n);
        expect(killed, `seed ${seed}, recount round ${round}: ${output}`).toBe(true);
        const cursor = aimed === null ? null : recountWalkCursor(aimed.query);
        const merged =
          cursor === null ? 0 : world.messageIds(big.id).filter((id) => BigInt(id) >= BigInt(cursor)).length;
        expect(readChannels(db()), `seed ${seed}, recount kill ${round} at page ${n}`).toEqual(before);
        expect(readDays(db(), big.id)).toEqual(daysBefore);
        // Nothing was swapped in (above): a walk with pages merged aside was cut before its swap.
        landed.recountWalk.kill(cursor !== null, merged);
      }
      // Every one: the walk's request n >= 2 carries the cursor of the page it merged last; 59 pages, n <= 56.
      expect(landed.recountWalk.landed, `seed ${seed}: ${landed.recountWalk.describe("messages")}`).toBe(4);
      // The swap writes ~1,760 days of buckets and their authors in one transaction; the recount prints a line from
      // inside it, after deleting the old buckets: a kill on that line lands in the transaction, or after its commit
      // when this process was slow to act on the line. A commit must be the exact new count, never a part of it; the
      // database is then put back as it was, and the next attempt aims again.
      const saved = saveDatabase(db());
      const swap = landed.recountSwap;
      for (let attempt = 0; attempt < 8 && swap.landed < 4; attempt++) {
        const proc = await recount();
        let sawMarker = false;
        proc.child.stderr?.on("data", (chunk: Buffer) => {
          if (sawMarker || !chunk.toString().includes("swapping in the new count")) return;
          sawMarker = true;
          proc.child.kill("SIGKILL");
        });
        const exit = await proc.exited;
        const after = readChannels(db());
        const landing = classifySwapKill(exit, sawMarker, JSON.stringify(after) === JSON.stringify(before));
        expect(landing, `seed ${seed}, swap attempt ${attempt}: ${proc.output()}`).not.toBe("before the swap");
        if (landing === "not killed") swapNotKilled++;
        else swap.kill(landing === "inside the swap");
        if (landing === "inside the swap") {
          // Killed after the old buckets were deleted inside the transaction: all of them are back.
          expect(readDays(db(), big.id)).toEqual(daysBefore);
        } else {
          expect(after.find((row) => row.id === big.id)).toMatchObject({
            human: world.messageCount(big.id, { bot: false }),
            bot: world.messageCount(big.id, { bot: true }),
          });
          expect(readDays(db(), big.id)).toEqual(world.dailyCounts(big.id));
          saved.restore();
        }
      }
      expect(
        swap.landed,
        `seed ${seed}: no kill landed inside the swap's transaction often enough: ${swap.describe("")}`,
      ).toBeGreaterThanOrEqual(SWAP_FLOOR);
      const finished = spawnExporter(env, 2112, "src/cli/main.ts recount --channel big");
      const exit = await finished.exited;
      expect(exit.code, finished.output()).toBe(0);
      const after = readChannels(db()).find((row) => row.id === big.id)!;
      expect({ human: after.human, bot: after.bot }).toEqual({
        human: world.messageCount(big.id, { bot: false }),
        bot: world.messageCount(big.id, { bot: true }),
      });
      expect(readDays(db(), big.id)).toEqual(world.dailyCounts(big.id));
    }, 120_000);
  });

  it("at least 30 real kills across the three lanes", () => {
    expect(allKills()).toBeGreaterThanOrEqual(30);
  });
});
