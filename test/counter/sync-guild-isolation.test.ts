// One channel's failure, of any kind, never fails the guild's sync (issue 11): its siblings are counted in that same
// sync, the failure is counted in the metric, and it is stored as the channel's state where the database allows.
import { afterEach, describe, expect, it } from "vitest";
import { readChannel } from "../../src/store/channel-rows.js";
import { forbidden, memoryGuild, serverError, TEST_POLICY, unauthorized } from "../helpers/memory-counter.js";

const GUILD = "900000000000000001";
const START = Date.UTC(2026, 10, 1, 12);
const MINUTE = 60_000;

function setup() {
  const world = memoryGuild(GUILD, START);
  cleanups.push(world.cleanup);
  return world;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Three counted channels, then a new message in each: what the next sync must count despite one failing. */
async function countedGuild() {
  const world = setup();
  const broken = world.discord.addChannel("broken", 120);
  const sibling = world.discord.addChannel("sibling", 150);
  const other = world.discord.addChannel("other", 30);
  expect(await world.sync()).toEqual({ ok: true });
  for (const channel of [broken, sibling, other]) expect(world.total(channel)).toBe(channel.messages.length);
  world.advance(10 * MINUTE);
  for (const channel of [broken, sibling, other]) world.discord.post(channel, world.now() - MINUTE);
  return { ...world, broken, sibling, other };
}

describe("syncGuild isolates each channel's failure", () => {
  it("a malformed listed last_message_id (a SyntaxError in the plan) fails that channel only", async () => {
    const w = await countedGuild();
    w.broken.listedLastMessageId = "12x";
    expect(await w.sync()).toEqual({ ok: true });
    expect(w.total(w.sibling)).toBe(151);
    expect(w.total(w.other)).toBe(31);
    expect(w.total(w.broken)).toBe(120);
    expect(w.counter.channelFailures).toEqual([[w.broken.listed.id, "internal"]]);
    expect(w.counter.operationFailures).toEqual([]);
    expect(w.counter.syncs).toEqual([
      { guildId: GUILD, ok: true },
      { guildId: GUILD, ok: true },
    ]);
    const row = readChannel(w.temp.store, w.broken.listed.id);
    expect(row?.state).toBe("ready");
    expect(row?.retryAt).toBe(w.now() + TEST_POLICY.failureRetryMs);
    expect(row?.lastError).toBe(`channel #broken (${w.broken.listed.id}): Cannot convert 12x to a BigInt`);
  });

  it("a channel whose failure cannot be stored (the database refuses it): counted, logged, siblings still counted", async () => {
    const w = await countedGuild();
    w.broken.faults.pages = serverError;
    w.refuseFailureWrites(w.broken);
    expect(await w.sync()).toEqual({ ok: true });
    expect(w.total(w.sibling)).toBe(151);
    expect(w.total(w.other)).toBe(31);
    expect(w.counter.channelFailures).toEqual([[w.broken.listed.id, "transient"]]);
    expect(readChannel(w.temp.store, w.broken.listed.id)?.lastError).toBeNull();
    const lines = w.counter.logLines.filter((line) => line.msg.includes("its state could not be stored"));
    expect(lines.map((line) => line.msg)).toEqual([
      `channel #broken (${w.broken.listed.id}) failed (transient): Discord answered 500 Internal Server Error; its state could not be stored: disk I/O error (test)`,
    ]);
  });

  it("a 500 on the probe of a channel missing from the listing: every other channel still counted in that sync", async () => {
    const w = await countedGuild();
    w.broken.unlisted = true;
    w.broken.faults.channel = serverError;
    expect(await w.sync()).toEqual({ ok: true });
    expect(w.total(w.sibling)).toBe(151);
    expect(w.total(w.other)).toBe(31);
    expect(w.counter.channelFailures).toEqual([[w.broken.listed.id, "transient"]]);
    expect(readChannel(w.temp.store, w.broken.listed.id)?.lastError).toBe("Discord answered 500 Internal Server Error");
  });

  it("a probe whose failure cannot be stored does not fail the guild's sync either", async () => {
    const w = await countedGuild();
    w.broken.unlisted = true;
    w.broken.faults.channel = serverError;
    w.refuseFailureWrites(w.broken);
    expect(await w.sync()).toEqual({ ok: true });
    expect(w.total(w.sibling)).toBe(151);
    expect(w.total(w.other)).toBe(31);
    expect(w.counter.channelFailures).toEqual([[w.broken.listed.id, "transient"]]);
  });

  it("a blocked channel's retry whose state write fails (the plan's own retry path) leaves the siblings counted", async () => {
    const w = await countedGuild();
    w.broken.faults.pages = forbidden;
    expect(await w.sync()).toEqual({ ok: true });
    expect(readChannel(w.temp.store, w.broken.listed.id)?.state).toBe("forbidden");
    w.advance(TEST_POLICY.blockedRetryMs + MINUTE);
    w.broken.faults = { probe: () => new TypeError("probe answer could not be parsed") };
    w.refuseFailureWrites(w.broken);
    for (const channel of [w.sibling, w.other]) w.discord.post(channel, w.now() - MINUTE);
    expect(await w.sync()).toEqual({ ok: true });
    expect(w.total(w.sibling)).toBe(152);
    expect(w.total(w.other)).toBe(32);
    expect(w.counter.channelFailures).toEqual([
      [w.broken.listed.id, "forbidden"],
      [w.broken.listed.id, "internal"],
    ]);
  });

  it("an unreadable channel still unreadable at its retry is counted as unreadable, not forbidden", async () => {
    const w = await countedGuild();
    w.broken.readable = false;
    expect(await w.sync()).toEqual({ ok: true });
    expect(readChannel(w.temp.store, w.broken.listed.id)?.state).toBe("unreadable");
    w.advance(TEST_POLICY.blockedRetryMs + MINUTE);
    expect(await w.sync()).toEqual({ ok: true });
    const row = readChannel(w.temp.store, w.broken.listed.id);
    expect(row?.state).toBe("unreadable");
    expect(row?.retryAt).toBe(w.now() + TEST_POLICY.blockedRetryMs);
    expect(w.total(w.broken)).toBe(120);
    expect(w.counter.channelFailures).toEqual([
      [w.broken.listed.id, "unreadable"],
      [w.broken.listed.id, "unreadable"],
    ]);
  });

  it("a rejected token is every channel's failure: the sync fails, and the metric says so", async () => {
    const w = await countedGuild();
    for (const channel of [w.broken, w.sibling, w.other]) channel.faults.pages = unauthorized;
    await expect(w.sync()).rejects.toThrow("Discord answered 401");
    expect(w.counter.operationFailures).toEqual([["guild_sync", "unauthorized"]]);
    expect(w.counter.channelFailures).toEqual([]);
  });
});
