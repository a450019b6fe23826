import { once } from "node:events";
import { Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_OPTIONS } from "../../fake-discord/cli-options.js";
import { createDemoWorld, startLivingActivity } from "../../fake-discord/living-guild.js";
import { mulberry32 } from "../../fake-discord/rng.js";
import { timeFromSnowflake } from "../../fake-discord/snowflake.js";
import { DAY, getMessages, type Harness, startHarness } from "./helpers.js";
import { runScript } from "../helpers/exporter-process.js";
import { type SpawnedChild, spawnSmall } from "../helpers/small-spawn.js";

const NOW = Date.UTC(2026, 5, 15, 12);

function totalMessages(demo: ReturnType<typeof createDemoWorld>): number {
  const { world, guildId } = demo;
  return [...world.channels(guildId), ...world.threads(guildId)].reduce((n, c) => n + world.messageCount(c.id), 0);
}

describe("createDemoWorld", () => {
  const demo = createDemoWorld(1, { now: () => NOW });
  const { world, guildId, channels } = demo;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(world);
  });
  afterAll(async () => {
    await h.fake.close();
  });

  it("is deterministic for a seed and clock", () => {
    const again = createDemoWorld(1, { now: () => NOW });
    expect(again.channels).toEqual(channels);
    expect(again.world.messageIds(channels.general)).toEqual(world.messageIds(channels.general));
  });

  it("holds a few thousand messages over about three years", () => {
    const total = totalMessages(demo);
    expect(total).toBeGreaterThan(3000);
    expect(total).toBeLessThan(10_000);
    const ids = world.messageIds(channels.general);
    const span = timeFromSnowflake(ids.at(-1) ?? "") - timeFromSnowflake(ids[0] ?? "");
    expect(span).toBeGreaterThan(2.5 * 365 * DAY);
    expect(world.messageCount(channels.general, { bot: true })).toBeGreaterThan(0);
  });

  it("shows the bot every channel but the hidden one", async () => {
    const listed = (await h.rest.get(Routes.guildChannels(guildId))) as Array<{ id: string; type: number }>;
    expect(listed.map((c) => c.id)).not.toContain(channels.modChat);
    expect(listed).toHaveLength(world.channels(guildId).length - 1);
    expect(new Set(listed.map((c) => c.type))).toEqual(new Set([0, 2, 4, 5, 13, 15]));
    expect(await getMessages(h.rest, channels.modLog)).toEqual([]);
    expect(world.messageCount(channels.modLog)).toBeGreaterThan(0);
  });

  it("has active and archived threads and forum posts", async () => {
    const active = (await h.rest.get(Routes.guildActiveThreads(guildId))) as { threads: Array<{ id: string }> };
    const activeIds = active.threads.map((t) => t.id);
    expect(activeIds).toEqual(expect.arrayContaining([channels.threads.eventPlanning, channels.threads.secretSanta]));
    expect(activeIds).toEqual(expect.arrayContaining(channels.threads.forumPosts.slice(2)));
    const forumArchived = (await h.rest.get(Routes.channelThreads(channels.helpForum, "public"))) as {
      threads: Array<{ id: string }>;
    };
    expect(forumArchived.threads.map((t) => t.id).sort()).toEqual(channels.threads.forumPosts.slice(0, 2).sort());
    const offTopicArchived = (await h.rest.get(Routes.channelThreads(channels.offTopic, "public"))) as {
      threads: Array<{ id: string }>;
    };
    expect(offTopicArchived.threads.map((t) => t.id)).toEqual([channels.threads.oldDebate]);
    // The event-planning thread was started from a #general message: same id.
    expect(world.messageIds(channels.general)).toContain(channels.threads.eventPlanning);
  });
});

describe("voice and members in the demo", () => {
  it("has people and a bot in the lounge, and a month of joins and leaves, with the member count kept", () => {
    const demo = createDemoWorld(1, { now: () => NOW });
    const states = demo.world.voiceStates(demo.guildId);
    expect(states.map((s) => s.channelId)).toEqual([demo.channels.lounge, demo.channels.lounge, demo.channels.lounge]);
    expect(states.filter((s) => s.bot)).toHaveLength(1);
    const flow = demo.world.memberFlowByDay(demo.guildId);
    expect(flow.size).toBeGreaterThan(10);
    const joins = [...flow.values()].reduce((n, f) => n + f.human.joins, 0);
    expect(joins).toBeGreaterThan(20);
    expect(demo.world.guild(demo.guildId)?.memberCount).toBe(1234);
    const seconds = demo.world.voiceSecondsByDay(demo.guildId).get("2026-06-15")?.get(demo.channels.lounge);
    expect(seconds).toEqual({ human: 25 * 60 + 12 * 60, bot: 20 * 60 });
  });

  it("live activity moves people through voice and lets members come and go", async () => {
    let now = NOW;
    const demo = createDemoWorld(3, { now: () => now });
    const kinds = new Set<string>();
    demo.world.subscribe((change) => kinds.add(change.kind));
    const stop = startLivingActivity(demo.world, { intervalMs: 5, rng: mulberry32(9) });
    for (let i = 0; i < 80 && !(kinds.has("voiceState") && kinds.has("memberAdded")); i++) {
      now += 1000;
      await new Promise((resolve) => setTimeout(resolve, 6));
    }
    stop();
    expect([...kinds]).toEqual(expect.arrayContaining(["messagesCreated", "voiceState", "memberAdded"]));
  });
});

describe("startLivingActivity", () => {
  it("adds messages now and then, until stopped", async () => {
    let now = NOW;
    const demo = createDemoWorld(2, { now: () => now });
    const before = totalMessages(demo);
    const stop = startLivingActivity(demo.world, { intervalMs: 10, rng: mulberry32(5) });
    for (let i = 0; i < 10; i++) {
      now += 1000;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    stop();
    const after = totalMessages(demo);
    expect(after).toBeGreaterThan(before);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(totalMessages(demo)).toBe(after);
  });
});

describe("fake-discord/main.ts", () => {
  let child: SpawnedChild | undefined;
  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill("SIGTERM");
  });

  it("--help names every option", async () => {
    const help = await runScript("fake-discord/main.ts", ["--help"], {});
    const text = help.stdout;
    expect(help.code).toBe(0);
    for (const option of CLI_OPTIONS) expect(text).toContain(`--${option.name}`);
    expect(text).toContain("fire-command.ts");
  });

  it("serves the demo world over HTTP", async () => {
    child = spawnSmall(
      process.execPath,
      ["--import", "tsx", "fake-discord/main.ts", "--port", "0", "--token", "cli-token"],
      {
        cwd: new URL("../..", import.meta.url).pathname,
      },
    );
    child.stderr.pipe(process.stderr);
    let output = "";
    child.stdout?.setEncoding("utf8");
    const url = await new Promise<string>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: string) => {
        output += chunk;
        const match = /listening on (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child?.once("exit", (code) => reject(new Error(`main.ts exited with ${code}: ${output}`)));
    });
    expect(output).not.toContain("cli-token");
    expect(output).toMatch(/gateway {2}ws:\/\/127\.0\.0\.1:\d+\/gateway/);
    const response = await fetch(`${url}/v10/users/@me/guilds`, { headers: { Authorization: "Bot cli-token" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([expect.objectContaining({ name: "Demo Community" })]);
    child.kill("SIGTERM");
    await once(child, "exit");
  });
});
