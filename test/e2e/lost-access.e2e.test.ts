import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { filterRequests } from "../../fake-discord/request-log.js";
import { type Harness, startHarness, TEST_TOKEN } from "../helpers/exporter-harness.js";
import { runScript } from "../helpers/exporter-process.js";
import { findSamples, sumSamples } from "../helpers/parse-metrics.js";
import { countStoredAuthors, readStoredDays } from "../helpers/daily-rows.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const start = Date.now();

interface Stored {
  state: string;
  total: number;
  lastSeenId: string | null;
  checkedMessageId: string | null;
  lastError: string | null;
}

function readStored(h: Harness, channelId: string): Stored {
  return h.store.sqlite
    .prepare(
      `SELECT state, human_messages + bot_messages AS total, last_seen_id AS lastSeenId,
              checked_message_id AS checkedMessageId, last_error AS lastError FROM channels WHERE id = ?`,
    )
    .get(channelId) as Stored;
}

/** Everything a channel's history is: its totals, its daily buckets and its daily authors. */
function readHistory(h: Harness, channelId: string) {
  const db = h.store.sqlite;
  return {
    totals: db
      .prepare("SELECT human_messages AS human, bot_messages AS bot FROM channels WHERE id = ?")
      .get(channelId) as { human: number; bot: number },
    days: readStoredDays(db, channelId),
    authors: countStoredAuthors(db, channelId),
  };
}

function truthDays(world: World, channelId: string) {
  return [...world.dailyCounts(channelId)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, c]) => ({ day, human: c.human, bot: c.bot }));
}

describe("losing access to a channel never loses its counted history", () => {
  const world = new World({ seed: 1101 });
  const guild = world.addGuild({ name: "Access", memberCount: 40, presenceCount: 4 });
  const names = ["history", "chat", "archive", "secret", "steady"] as const;
  const ch = Object.fromEntries(
    names.map((name) => [name, world.addChannel(guild.id, { name, type: 0 }).id]),
  ) as Record<(typeof names)[number], string>;
  // As in the report that opened this: 1,800 messages spread over a year, 365 days of buckets.
  world.addMessages(ch.history, 1800, { fromMs: start - 365 * DAY, toMs: start - HOUR, botRatio: 0.2 });
  const thread = world.addThread(ch.history, { name: "history thread", type: 11, createdAtMs: start - 20 * DAY }).id;
  world.addMessages(thread, 140, { fromMs: start - 19 * DAY, toMs: start - HOUR });
  for (const name of ["chat", "archive", "secret", "steady"] as const) {
    world.addMessages(ch[name], 450, { fromMs: start - 200 * DAY, toMs: start - HOUR, botRatio: 0.1 });
  }
  let now = start;
  let h: Harness;
  let env: Record<string, string>;
  const before = new Map<string, ReturnType<typeof readHistory>>();

  beforeAll(async () => {
    h = await startHarness(world, [guild.id], { recountIntervalMs: HOUR }, {}, { clock: () => now });
    await h.settle();
    for (const id of [...Object.values(ch), thread]) {
      expect(readStored(h, id).total, id).toBe(world.messageCount(id));
      before.set(id, readHistory(h, id));
      // The snapshot every later check compares with is itself the fake's truth, day by day.
      expect(before.get(id)?.days, id).toEqual(truthDays(world, id));
      expect(before.get(id)?.totals, id).toEqual({
        human: world.messageCount(id, { bot: false }),
        bot: world.messageCount(id, { bot: true }),
      });
    }
    expect(before.get(ch.history)?.days).toHaveLength(truthDays(world, ch.history).length);
    env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guild.id,
      DISCORD_API_URL: h.fake.url,
      DATABASE_PATH: h.config.databasePath,
    };
  });
  afterAll(async () => h?.close());

  it("npm run recount -- --all skips a channel that lost Read Message History and swaps nothing in", async () => {
    world.setPermissions(ch.history, { canReadHistory: false });
    const result = await runScript("src/cli/main.ts", ["recount", "--all"], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toContain("skipped, nothing changed (their counts and daily history are kept):");
    expect(result.stdout).toMatch(new RegExp(`history \\(${ch.history}\\): unreadable: .*Read Message History`));
    expect(result.stdout).toMatch(new RegExp(`history thread \\(${thread}\\): unreadable`));
    expect(result.stdout).not.toMatch(/1800 messages deleted/);
    expect(result.stdout).toMatch(/4 channel\(s\) recounted, 0 messages deleted since they were counted; 2 skipped/);
    for (const id of [ch.history, thread]) {
      expect(readHistory(h, id), id).toEqual(before.get(id));
      expect(readHistory(h, id).days, id).toEqual(truthDays(world, id));
      expect(readStored(h, id)).toMatchObject({ state: "unreadable" });
    }
    for (const name of ["chat", "archive", "secret", "steady"] as const) {
      expect(readHistory(h, ch[name]), name).toEqual(before.get(ch[name]));
    }
  });

  it("a forward sync that gets [] while last_message_id is above its cursor marks the channel unreadable", async () => {
    world.setPermissions(ch.chat, { canReadHistory: false });
    world.addMessagesNow(ch.chat, 30);
    world.addMessagesNow(ch.steady, 25);
    const cursor = readStored(h, ch.chat).lastSeenId;
    await h.exporter.loop.syncNow();
    const chat = readStored(h, ch.chat);
    expect(chat.state).toBe("unreadable");
    expect(chat.lastError).toMatch(/Read Message History/);
    // Not taken for "nothing new": neither the cursor nor the checked id moved past the unread messages.
    expect(chat.lastSeenId).toBe(cursor);
    expect(chat.checkedMessageId).not.toBe(world.lastMessageId(ch.chat));
    expect(readHistory(h, ch.chat)).toEqual(before.get(ch.chat));
    expect(readStored(h, ch.steady).total).toBe(world.messageCount(ch.steady));
    const samples = await h.scrape();
    // The recount above ran in its own process: chat's is the exporter's one unreadable failure so far.
    expect(sumSamples(samples, "discord_exporter_channel_failures_total", { kind: "unreadable" })).toBeGreaterThan(0);
    expect(sumSamples(samples, "discord_exporter_channel_failures_total", { kind: "unreadable" })).toBe(1);
    expect(sumSamples(samples, "discord_channel_messages", { channel_id: ch.chat })).toBe(
      before.get(ch.chat)!.totals.human + before.get(ch.chat)!.totals.bot,
    );
  });

  it("the scheduled recount (RECONCILE_INTERVAL) skips it too, after a sync that had nothing to ask it", async () => {
    world.setPermissions(ch.archive, { canReadHistory: false });
    // Nothing new in archive: the sync asks it nothing and cannot notice; the recount after it must.
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    expect(filterRequests(h.fake.requests, { pathPrefix: `/channels/${ch.archive}/messages` })).toEqual([]);
    expect(readStored(h, ch.archive).state).toBe("ready");
    await h.exporter.loop.recountNow();
    expect(readStored(h, ch.archive).state).toBe("unreadable");
    expect(readHistory(h, ch.archive)).toEqual(before.get(ch.archive));
    expect(readHistory(h, ch.archive).days).toEqual(truthDays(world, ch.archive));
    expect(readStored(h, ch.steady).total).toBe(world.messageCount(ch.steady));
    expect(readHistory(h, ch.steady).days).toEqual(truthDays(world, ch.steady));
    const samples = await h.scrape();
    expect(sumSamples(samples, "discord_exporter_channel_failures_total", { kind: "unreadable" })).toBe(2);
  });

  it("losing View Channel makes it forbidden, counts kept; a recount of it is skipped, not a deletion", async () => {
    world.setPermissions(ch.secret, { canView: false });
    await h.exporter.loop.syncNow();
    expect(readStored(h, ch.secret).state).toBe("forbidden");
    expect(readHistory(h, ch.secret)).toEqual(before.get(ch.secret));
    const result = await runScript("src/cli/main.ts", ["recount", "--channel", ch.secret], env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toMatch(new RegExp(`secret \\(${ch.secret}\\): forbidden: .*403`));
    expect(readHistory(h, ch.secret)).toEqual(before.get(ch.secret));
    // Blocked channels are not asked again before their retry time: no request, no 403 towards Discord's ban.
    h.fake.clearRequests();
    for (let i = 0; i < 3; i++) await h.exporter.loop.syncNow();
    for (const id of [ch.history, ch.chat, ch.archive, ch.secret]) {
      expect(filterRequests(h.fake.requests, { pathPrefix: `/channels/${id}` }), id).toEqual([]);
    }
  });

  it("a 500 on the message probe of a blocked channel's retry: that channel stays blocked, the others are counted", async () => {
    now += 7 * HOUR; // past FORBIDDEN_RETRY_INTERVAL (6h): every blocked channel is asked once again
    const failures = async () => {
      const samples = await h.scrape();
      const kinds = ["transient", "unreadable", "forbidden", "internal"] as const;
      return Object.fromEntries(
        kinds.map((kind) => [kind, sumSamples(samples, "discord_exporter_channel_failures_total", { kind })]),
      );
    };
    const failuresBefore = await failures();
    world.addMessagesNow(ch.steady, 9);
    // The REST client retries a 5xx three times: four failures make history's probe fail.
    h.fake.setFaults({
      forcedErrors: 4,
      forcedErrorStatus: 500,
      onlyPaths: new RegExp(`^/channels/${ch.history}/messages/\\d+$`),
    });
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    h.fake.setFaults({});
    expect(filterRequests(h.fake.requests, { pathPrefix: `/channels/${ch.history}/messages/` })).toHaveLength(4);
    const history = readStored(h, ch.history);
    expect(history.state).toBe("unreadable");
    expect(history.lastError).toMatch(/500/);
    expect(readHistory(h, ch.history)).toEqual(before.get(ch.history));
    expect(readStored(h, ch.steady).total).toBe(world.messageCount(ch.steady));
    expect(readHistory(h, ch.steady).days).toEqual(truthDays(world, ch.steady));
    // history's 500 once; thread, chat and archive still unreadable; secret still forbidden.
    const failuresAfter = await failures();
    expect(failuresAfter).toEqual({
      transient: (failuresBefore.transient ?? 0) + 1,
      unreadable: (failuresBefore.unreadable ?? 0) + 3,
      forbidden: (failuresBefore.forbidden ?? 0) + 1,
      internal: failuresBefore.internal,
    });
  });

  it("when access comes back, counting resumes from the cursors and ends exact, day by day", async () => {
    for (const id of [ch.history, ch.chat, ch.archive]) world.setPermissions(id, { canReadHistory: true });
    world.setPermissions(ch.secret, { canView: true });
    for (const id of [...Object.values(ch), thread]) world.addMessagesNow(id, 12);
    now += 7 * HOUR; // past FORBIDDEN_RETRY_INTERVAL (6h)
    await h.syncAndSettle();
    for (const id of [...Object.values(ch), thread]) {
      expect(readStored(h, id).state, id).toBe("ready");
      expect(readHistory(h, id).totals, id).toEqual({
        human: world.messageCount(id, { bot: false }),
        bot: world.messageCount(id, { bot: true }),
      });
      expect(readHistory(h, id).days, id).toEqual(truthDays(world, id));
    }
    // Resumed, not recounted: no backward walk from the newest message again.
    const backwardWalks = filterRequests(h.fake.requests, { route: "/channels/:id/messages" }).filter(
      (r) => r.query.before === undefined && r.query.after === undefined,
    );
    expect(backwardWalks).toEqual([]);
    const samples = await h.scrape();
    expect(findSamples(samples, "discord_exporter_channels", { state: "unreadable" })[0]?.value).toBe(0);
    expect(findSamples(samples, "discord_exporter_channels", { state: "forbidden" })[0]?.value).toBe(0);
  });
});

describe("one failing channel never fails the guild's sync", () => {
  const world = new World({ seed: 1102 });
  const guild = world.addGuild({ name: "Isolation", memberCount: 40, presenceCount: 4 });
  const hidden = world.addChannel(guild.id, { name: "hidden", type: 0 }).id;
  const others = ["one", "two", "three"].map((name) => world.addChannel(guild.id, { name, type: 0 }).id);
  for (const id of [hidden, ...others]) world.addMessages(id, 300, { fromMs: start - 50 * DAY, toMs: start - HOUR });
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(world, [guild.id]);
    await h.settle();
  });
  afterAll(async () => h?.close());

  async function syncWithProbeFailing(status: 400 | 500) {
    // The REST client retries a 5xx three times: four failures make the probe fail.
    h.fake.setFaults({ forcedErrors: 4, forcedErrorStatus: status, onlyPaths: new RegExp(`^/channels/${hidden}$`) });
    for (const id of others) world.addMessagesNow(id, 17);
    const successes = async () =>
      sumSamples(await h.scrape(), "discord_exporter_syncs_total", { guild_id: guild.id, result: "success" });
    const successBefore = await successes();
    await h.exporter.loop.syncNow();
    h.fake.setFaults({});
    expect(await successes()).toBe(successBefore + 1);
    for (const id of others) {
      const total = h.store.sqlite
        .prepare("SELECT human_messages + bot_messages AS n FROM channels WHERE id = ?")
        .get(id) as { n: number };
      expect(total.n, id).toBe(world.messageCount(id));
    }
    return h.store.sqlite
      .prepare("SELECT state, retry_at AS retryAt, last_error AS lastError FROM channels WHERE id = ?")
      .get(hidden) as { state: string; retryAt: number | null; lastError: string | null };
  }

  it("a 500 on a missing channel's probe: every other channel is still counted in that sync", async () => {
    world.setPermissions(hidden, { canView: false });
    const probes = () => filterRequests(h.fake.requests, { route: "/channels/:id" }).length;
    const probesBefore = probes();
    const row = await syncWithProbeFailing(500);
    expect(probes() - probesBefore).toBe(4);
    expect(row.state).toBe("ready");
    expect(row.lastError).toMatch(/50\d/);
    const failures = sumSamples(await h.scrape(), "discord_exporter_channel_failures_total", { kind: "transient" });
    expect(failures).toBeGreaterThanOrEqual(1);
    // Four 500s are one failed probe, the only failure of this guild so far.
    expect(failures).toBe(1);
  });

  it("a 400 on the probe: the others are counted, and that channel backs off instead of failing every sync", async () => {
    const row = await syncWithProbeFailing(400);
    expect(row.state).toBe("ready");
    expect(row.retryAt).not.toBeNull();
    expect(row.lastError).toMatch(/400/);
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    expect(filterRequests(h.fake.requests, { pathPrefix: `/channels/${hidden}` })).toEqual([]);
    expect(sumSamples(await h.scrape(), "discord_exporter_channel_failures_total", { kind: "fatal" })).toBe(1);
  });

  it("a 500 on the message probe that proves an empty page: the others are counted, that channel keeps its counts", async () => {
    const [quiet = "", ...rest] = others;
    const counted = (id: string) =>
      (
        h.store.sqlite.prepare("SELECT human_messages + bot_messages AS n FROM channels WHERE id = ?").get(id) as {
          n: number;
        }
      ).n;
    const quietBefore = counted(quiet);
    const transientBefore = sumSamples(await h.scrape(), "discord_exporter_channel_failures_total", {
      kind: "transient",
    });
    world.setPermissions(quiet, { canReadHistory: false });
    world.addMessagesNow(quiet, 5);
    for (const id of rest) world.addMessagesNow(id, 11);
    // Without Read Message History the page is [], and the listed newest message is asked for: that probe fails.
    h.fake.setFaults({
      forcedErrors: 4,
      forcedErrorStatus: 500,
      onlyPaths: new RegExp(`^/channels/${quiet}/messages/\\d+$`),
    });
    h.fake.clearRequests();
    await h.exporter.loop.syncNow();
    h.fake.setFaults({});
    expect(filterRequests(h.fake.requests, { pathPrefix: `/channels/${quiet}/messages/` })).toHaveLength(4);
    for (const id of rest) expect(counted(id), id).toBe(world.messageCount(id));
    expect(counted(quiet)).toBe(quietBefore);
    const row = h.store.sqlite
      .prepare("SELECT state, last_error AS lastError FROM channels WHERE id = ?")
      .get(quiet) as {
      state: string;
      lastError: string | null;
    };
    expect(row.state).toBe("ready");
    expect(row.lastError).toMatch(/500/);
    expect(sumSamples(await h.scrape(), "discord_exporter_channel_failures_total", { kind: "transient" })).toBe(
      transientBefore + 1,
    );
    // The next sync, the probe answering, tells the truth: unreadable, counts still kept.
    await h.exporter.loop.syncNow();
    expect(h.store.sqlite.prepare("SELECT state FROM channels WHERE id = ?").get(quiet)).toEqual({
      state: "unreadable",
    });
    expect(counted(quiet)).toBe(quietBefore);
  });
});
