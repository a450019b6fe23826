// Live updates' failures become the channel's state and a metric, as the poll's do (issue 11): a deletion's day
// recount that Discord refuses, a channel whose stored id is malformed, a thread list with one bad thread.
import { afterEach, describe, expect, it } from "vitest";
import { createBackfillJobs } from "../../../src/counter/backfill-jobs.js";
import { createExclusionCheck } from "../../../src/counter/exclusion.js";
import { createLiveUpdates, type LiveTimings } from "../../../src/counter/live/live-updates.js";
import { REAL_TIMERS } from "../../../src/counter/scheduler.js";
import { syncGuild } from "../../../src/counter/sync-guild.js";
import { readChannel } from "../../../src/store/channel-rows.js";
import {
  forbidden,
  type MemoryChannel,
  MemoryDiscord,
  memoryCounterDeps,
  serverError,
  TEST_POLICY,
} from "../../helpers/memory-counter.js";
import { openTempStore } from "../../helpers/temp-store.js";

const GUILD = "900000000000000002";
const START = Date.UTC(2026, 10, 1, 12);
const HOUR = 3_600_000;
const NO_WAIT: LiveTimings = {
  forwardDelayMs: 0,
  forwardMinIntervalMs: 0,
  refreshDelayMs: 0,
  refreshMinIntervalMs: 0,
  dayRecountDelayMs: 0,
  dayRecountMinIntervalMs: 0,
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A guild counted by one poll, and the live updates listening to it. */
async function countedLive(build: (discord: MemoryDiscord) => void) {
  const temp = openTempStore();
  const now = START;
  const discord = new MemoryDiscord(GUILD, START);
  build(discord);
  const counter = memoryCounterDeps(temp.store, discord, () => now);
  const backfills = createBackfillJobs(counter.deps.log);
  const signal = new AbortController().signal;
  const isExcluded = createExclusionCheck([]);
  expect(await syncGuild(counter.deps, GUILD, { isExcluded, backfills, signal })).toEqual({ ok: true });
  await backfills.idle();
  const live = createLiveUpdates(counter.deps, {
    guildIds: new Set([GUILD]),
    isExcluded,
    backfills,
    signal,
    timers: REAL_TIMERS,
    deletions: true,
    timings: NO_WAIT,
  });
  cleanups.push(async () => {
    await live.stop();
    await backfills.stop();
    temp.cleanup();
  });
  const total = (channel: MemoryChannel) => {
    const row = readChannel(temp.store, channel.listed.id);
    return row ? row.humanMessages + row.botMessages : null;
  };
  const message = (t: string, channel: MemoryChannel, id: string) =>
    live.onDispatch?.({ t, d: { id, channel_id: channel.listed.id, guild_id: GUILD } });
  return { temp, discord, counter, live, total, message, now };
}

describe("live updates report their failures", () => {
  it("a deletion's day recount answered 403 makes the channel forbidden, counted, its history kept", async () => {
    let chat!: MemoryChannel;
    const w = await countedLive((discord) => {
      chat = discord.addChannel("chat", 48, HOUR);
    });
    expect(w.total(chat)).toBe(48);
    chat.faults.pages = forbidden;
    const deleted = chat.messages.splice(40, 1)[0] ?? "";
    w.message("MESSAGE_DELETE", chat, deleted);
    await w.live.idle();
    const row = readChannel(w.temp.store, chat.listed.id);
    expect(row?.state).toBe("forbidden");
    expect(row?.retryAt).toBe(w.now + TEST_POLICY.blockedRetryMs);
    expect(w.total(chat)).toBe(48);
    expect(w.counter.channelFailures).toEqual([[chat.listed.id, "forbidden"]]);
  });

  it("a deletion's day recount answered 500 is asked again, each failure counted, then given up with counts kept", async () => {
    let chat!: MemoryChannel;
    const w = await countedLive((discord) => {
      chat = discord.addChannel("chat", 48, HOUR);
    });
    chat.faults.pages = serverError;
    const deleted = chat.messages.splice(40, 1)[0] ?? "";
    w.message("MESSAGE_DELETE", chat, deleted);
    await w.live.idle();
    expect(w.total(chat)).toBe(48);
    expect(w.counter.channelFailures).toEqual(Array.from({ length: 6 }, () => [chat.listed.id, "transient"]));
    expect(readChannel(w.temp.store, chat.listed.id)?.lastError).toBe("Discord answered 500 Internal Server Error");
  });

  it("a message in a channel whose stored last_message_id is malformed fails that channel only", async () => {
    let bad!: MemoryChannel;
    let good!: MemoryChannel;
    const w = await countedLive((discord) => {
      bad = discord.addChannel("bad", 10);
      good = discord.addChannel("good", 10);
    });
    w.temp.store.sqlite.prepare("UPDATE channels SET last_message_id = '12x' WHERE id = ?").run(bad.listed.id);
    w.message("MESSAGE_CREATE", bad, w.discord.post(bad, START - 1000));
    w.message("MESSAGE_CREATE", good, w.discord.post(good, START - 1000));
    await w.live.idle();
    expect(w.total(good)).toBe(11);
    expect(w.total(bad)).toBe(10);
    expect(w.counter.channelFailures).toEqual([[bad.listed.id, "internal"]]);
    expect(readChannel(w.temp.store, bad.listed.id)?.retryAt).toBe(w.now + TEST_POLICY.failureRetryMs);
  });

  it("a thread list whose first thread cannot be planned still starts the others' syncs", async () => {
    let bad!: MemoryChannel;
    let good!: MemoryChannel;
    const w = await countedLive((discord) => {
      const parent = discord.addChannel("forum", 5);
      bad = discord.addThread(parent, "bad thread", 8);
      good = discord.addThread(parent, "good thread", 8);
    });
    expect([w.total(bad), w.total(good)]).toEqual([8, 8]);
    const newest = w.discord.post(good, START - 1000);
    const raw = (thread: MemoryChannel, lastMessageId: string) => ({
      id: thread.listed.id,
      type: 11,
      name: thread.listed.name,
      parent_id: thread.listed.parentId,
      last_message_id: lastMessageId,
      thread_metadata: { archived: false },
    });
    w.live.onDispatch?.({
      t: "THREAD_LIST_SYNC",
      d: { guild_id: GUILD, threads: [raw(bad, "12x"), raw(good, newest)] },
    });
    await w.live.idle();
    expect(w.total(good)).toBe(9);
    expect(w.counter.channelFailures).toEqual([[bad.listed.id, "internal"]]);
  });
});
