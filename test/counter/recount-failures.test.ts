// The scheduled recount's and the thread scans' failures are channel states and metrics too (issue 11), and a
// recount never swaps zeros in for a channel it cannot read, even when Discord listed no last_message_id.
import { afterEach, describe, expect, it } from "vitest";
import { createExporterLoop } from "../../src/counter/exporter-loop.js";
import { recountChannel } from "../../src/counter/recount.js";
import { readChannel } from "../../src/store/channel-rows.js";
import { forbidden, memoryGuild, TEST_POLICY, unauthorized } from "../helpers/memory-counter.js";

const GUILD = "900000000000000003";
const START = Date.UTC(2026, 10, 1, 12);
const HOUR = 3_600_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function countedGuild() {
  const world = memoryGuild(GUILD, START);
  cleanups.push(world.cleanup);
  const first = world.discord.addChannel("first", 60);
  const second = world.discord.addChannel("second", 40);
  expect(await world.sync()).toEqual({ ok: true });
  expect([world.total(first), world.total(second)]).toEqual([60, 40]);
  const loop = createExporterLoop(world.counter.deps, {
    guildIds: [GUILD],
    excludedChannels: [],
    pollIntervalMs: HOUR,
    recountIntervalMs: HOUR,
  });
  cleanups.unshift(() => loop.stop());
  return { ...world, first, second, loop };
}

describe("the scheduled recount's failures", () => {
  it("a channel whose recount throws (not a Discord answer) gets the failure as its state; the others are recounted", async () => {
    const w = await countedGuild();
    w.first.faults.pages = () => new TypeError("page could not be read");
    w.second.messages.splice(0, 5);
    await w.loop.recountNow();
    expect(w.total(w.second)).toBe(35);
    expect(w.total(w.first)).toBe(60);
    const row = readChannel(w.temp.store, w.first.listed.id);
    expect(row?.lastError).toBe(`channel #first (${w.first.listed.id}): page could not be read`);
    expect(row?.retryAt).toBe(w.now() + TEST_POLICY.failureRetryMs);
    expect(w.counter.channelFailures).toEqual([[w.first.listed.id, "internal"]]);
    expect(w.counter.operationFailures).toEqual([["scheduled_recount", "internal"]]);
  });

  it("a rejected token ends the round at once, counted once by the loop", async () => {
    const w = await countedGuild();
    for (const channel of [w.first, w.second]) channel.faults.pages = unauthorized;
    const asked = w.discord.requests.length;
    await w.loop.recountNow();
    expect(w.discord.requests.slice(asked).filter((r) => r.startsWith("page "))).toHaveLength(1);
    expect(w.counter.operationFailures).toEqual([["scheduled_recount", "unauthorized"]]);
    expect([w.total(w.first), w.total(w.second)]).toEqual([60, 40]);
  });
});

describe("a recount without a listed last_message_id", () => {
  it("takes the counted cursor as the proof: a channel answering [] is skipped as unreadable, never zeroed", async () => {
    const w = await countedGuild();
    const id = w.first.listed.id;
    const cursor = readChannel(w.temp.store, id)?.lastSeenId;
    w.temp.store.sqlite.prepare("UPDATE channels SET last_message_id = NULL WHERE id = ?").run(id);
    w.first.readable = false;
    const asked = w.discord.requests.length;
    const result = await recountChannel({ ...w.counter.deps, priority: "high" }, id);
    // The first empty page is proved unreadable at once (before, only the catch-up walk after it asked the cursor).
    expect(w.discord.requests.slice(asked)).toEqual([`page ${id} {}`, `probe ${id} ${cursor}`]);
    expect(result).toMatchObject({ kind: "skipped", channelId: id, state: "unreadable" });
    expect(w.total(w.first)).toBe(60);
    expect(readChannel(w.temp.store, id)?.state).toBe("unreadable");
    expect(w.counter.channelFailures).toEqual([[id, "unreadable"]]);
  });
});

describe("thread scans", () => {
  it("a 403 on a parent's public archived threads is counted, the parent itself still counted", async () => {
    const w = memoryGuild(GUILD, START);
    cleanups.push(w.cleanup);
    const parent = w.discord.addChannel("parent", 20);
    const other = w.discord.addChannel("other", 20);
    parent.faults.publicArchived = forbidden;
    expect(await w.sync()).toEqual({ ok: true });
    expect([w.total(parent), w.total(other)]).toEqual([20, 20]);
    expect(w.counter.operationFailures).toEqual([["archived_thread_scan", "forbidden"]]);
    expect(w.counter.channelFailures).toEqual([]);
  });
});
