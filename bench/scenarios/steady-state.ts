/**
 * 1. Steady-state cost: Discord requests per sync once a guild is counted (idle, N new messages over K channels,
 * the daily archived-thread rescan), next to the Go exporter's full recount of the same data every poll.
 */
import path from "node:path";
import { DISCORD_LIKE, describeLimits, describeRoutes, startBenchFake, summarize } from "../lib/fake.js";
import { fixed, int, ms } from "../lib/format.js";
import { settle, startInProcess, UNTHROTTLED_REST } from "../lib/inproc.js";
import type { Figure, Scenario, ScenarioResult } from "../lib/types.js";
import { addGuild, createWorld, DAY_MS, fullRecountRequests, skewedCounts, YEAR_MS } from "../lib/worlds.js";

const FULL = { channels: 200, total: 1_000_000, huge: 3, hugeSize: 200_000, newMessages: 500, changedChannels: 10 };
const QUICK = { channels: 50, total: 50_000, huge: 3, hugeSize: 10_000, newMessages: 500, changedChannels: 10 };
const POLLS_PER_DAY = (24 * 60) / 15;

export const scenario: Scenario = {
  name: "steady-state",
  title: "1. Steady-state cost",
  async run(ctx): Promise<ScenarioResult> {
    const size = ctx.quick ? QUICK : FULL;
    const world = createWorld(1);
    const built = addGuild(world, {
      name: "steady",
      channelMessages: skewedCounts(size.total, size.channels, size.huge, size.hugeSize),
      historyMs: 3 * YEAR_MS,
    });
    const databasePath = path.join(ctx.tmpDir, "exporter.db");

    // Preparation, not measured: the first full count against an unlimited fake, so the run does not take minutes.
    ctx.log(`preparing: counting ${int(built.totalMessages)} messages in ${size.channels} channels (no rate limits)`);
    const fast = await startBenchFake(world, false);
    const prep = await startInProcess({
      apiUrl: fast.url,
      databasePath,
      guildIds: [built.guildId],
      concurrency: 10,
      rest: UNTHROTTLED_REST,
    });
    await settle(prep.exporter);
    await prep.stop();
    await fast.close();

    // Measured: the same database, restarted against a Discord-like fake with the production REST defaults.
    const limited = await startBenchFake(world, DISCORD_LIKE);
    let offsetMs = 0;
    const running = await startInProcess({
      apiUrl: limited.url,
      databasePath,
      guildIds: [built.guildId],
      store: prep.store,
      clock: () => Date.now() + offsetMs,
    });
    const loop = running.exporter.loop;
    await loop.syncNow(); // the sync startExporter began (an idle one: nothing changed)

    const measureSync = async () => {
      limited.clearRequests();
      const t0 = performance.now();
      await loop.syncNow();
      const wall = performance.now() - t0;
      return { wall, summary: summarize(limited.requests) };
    };

    const idle = [];
    for (let i = 0; i < 3; i++) idle.push(await measureSync());
    const idleRequests = Math.max(...idle.map((s) => s.summary.total));

    // The Go exporter's cost on the same data, before the new messages.
    const channelCounts = built.channelIds.map((id) => world.messageCount(id));
    const total = channelCounts.reduce((a, b) => a + b, 0);
    const recount = fullRecountRequests(channelCounts);

    // N new messages over K channels.
    const changed = built.channelIds.slice(size.huge, size.huge + size.changedChannels);
    const perChannel = Math.floor(size.newMessages / changed.length);
    for (const id of changed) world.addMessagesNow(id, perChannel, { authors: 100, botRatio: 0.1 });
    const busy = await measureSync();
    const afterBusy = await measureSync();

    // A day later: the daily archived-thread rescan of every text channel (public and private lists).
    offsetMs += DAY_MS + 60_000;
    const daily = await measureSync();

    await running.stop({ closeStore: true });
    await limited.close();

    const amortized = ((POLLS_PER_DAY - 1) * idleRequests + daily.summary.total) / POLLS_PER_DAY;
    const idleTarget = 3;
    const busyTarget = 3 + changed.length;
    const guildLabel = `${size.channels}-channel guild, ${int(total)} messages`;

    const figures: Figure[] = [
      {
        label: "idle sync: Discord requests (3 syncs)",
        value: `${idle.map((s) => s.summary.total).join(", ")}`,
        target: `≤ ${idleTarget}`,
        met: idleRequests <= idleTarget,
        note: `${describeRoutes(idle[0]!.summary)}; wall ${idle.map((s) => ms(s.wall)).join(", ")}`,
      },
      {
        label: `sync after ${size.newMessages} new messages in ${changed.length} channels: requests`,
        value: int(busy.summary.total),
        target: `≤ 3 + ${changed.length} = ${busyTarget}`,
        met: busy.summary.total <= busyTarget,
        note: `${describeRoutes(busy.summary)}; wall ${ms(busy.wall)}; the next idle sync: ${afterBusy.summary.total} requests`,
      },
      {
        label: "daily sync (archived-thread rescan of every text channel): requests",
        value: int(daily.summary.total),
        note: `${describeRoutes(daily.summary)}; ${int(daily.summary.forbidden)} answered 403 (private archived threads need Manage Threads); wall ${ms(daily.wall)}`,
      },
      {
        label: `full recount (Go exporter, every 15 min) on the ${guildLabel}: requests`,
        value: int(recount),
        note: "computed from the data: 1 channel list + Σ max(1, ⌈messages/100⌉) over text channels",
      },
      {
        label: "full recount ÷ idle sync",
        value: `${int(recount / idleRequests)}×`,
        target: "≥ 1000× (on 1M messages)",
        met: recount / idleRequests >= 1000 && total >= 1_000_000,
        note: total >= 1_000_000 ? "" : `quick run: only ${int(total)} messages, the target is for 1,000,000`,
      },
      {
        label: "full recount ÷ average sync over a day (95 idle + 1 daily rescan)",
        value: `${int(recount / amortized)}×`,
        target: "≥ 1000× (on 1M messages)",
        met: recount / amortized >= 1000 && total >= 1_000_000,
        note: `${fixed(amortized, 1)} requests per sync on average`,
      },
      {
        label: `full recount ÷ sync with ${size.newMessages} new messages`,
        value: `${int(recount / busy.summary.total)}×`,
      },
    ];
    return {
      setup: [
        `guild: ${size.channels} text channels, ${int(built.totalMessages)} messages over 3 years (${size.huge} channels of ${int(size.hugeSize)}, the rest a long tail), no threads`,
        "preparation (not measured): first count against the fake without rate limits, in-process",
        `measured: the same database with an in-process exporter (startExporter, production REST defaults, CONCURRENCY 5) against a fake with ${describeLimits(DISCORD_LIKE).replace("fake rate limits: ", "")}; requests counted in the fake's request log`,
        `new messages: ${perChannel} in each of ${changed.length} channels; the daily rescan is reached by moving the exporter's clock forward 24 h`,
      ],
      figures,
    };
  },
};
