import { Routes } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { DAY, type Harness, getMessages, startHarness, TOKEN } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);

function makeWorld() {
  const world = new World({ seed: 11, now: () => NOW });
  const guild = world.addGuild({ name: "G" });
  const a = world.addChannel(guild.id, { name: "a", type: 0 });
  const b = world.addChannel(guild.id, { name: "b", type: 0 });
  world.addMessages(a.id, 300, { fromMs: NOW - 30 * DAY, toMs: NOW });
  world.addMessages(b.id, 300, { fromMs: NOW - 30 * DAY, toMs: NOW });
  return { world, guild, a, b };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.fake.close();
  h = undefined;
});

const raw = (path: string) => fetch(`${h?.fake.url}/v10${path}`, { headers: { Authorization: `Bot ${TOKEN}` } });

describe("rate limits", () => {
  it("sends Discord's rate-limit headers on every response", async () => {
    const { world, guild, a, b } = makeWorld();
    h = await startHarness(world, { rateLimits: { perRoute: { limit: 5, windowMs: 2000 } } });
    const first = await raw(`/channels/${a.id}/messages`);
    const second = await raw(`/channels/${a.id}/messages`);
    const other = await raw(`/channels/${b.id}/messages`);
    const channel = await raw(`/channels/${a.id}`);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("3");
    // Buckets are per major parameter (the channel), hashes per route template.
    expect(other.headers.get("x-ratelimit-remaining")).toBe("4");
    expect(other.headers.get("x-ratelimit-bucket")).toBe(first.headers.get("x-ratelimit-bucket"));
    expect(channel.headers.get("x-ratelimit-bucket")).not.toBe(first.headers.get("x-ratelimit-bucket"));
    const resetAfter = Number(first.headers.get("x-ratelimit-reset-after"));
    expect(resetAfter).toBeGreaterThan(0);
    expect(resetAfter).toBeLessThanOrEqual(2);
    expect(Number(first.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(Date.now());
    const notFound = await raw(`/guilds/${guild.id}0/channels`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("x-ratelimit-bucket")).not.toBeNull();
  });

  it("answers 429 with Retry-After and scope user when a route bucket is exhausted", async () => {
    const { world, a, b } = makeWorld();
    h = await startHarness(world, { rateLimits: { perRoute: { limit: 2, windowMs: 500 } } });
    expect((await raw(`/channels/${a.id}/messages`)).status).toBe(200);
    expect((await raw(`/channels/${a.id}/messages`)).status).toBe(200);
    const limited = await raw(`/channels/${a.id}/messages`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/json");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(0.5);
    expect(limited.headers.get("x-ratelimit-scope")).toBe("user");
    expect(limited.headers.get("x-ratelimit-global")).toBeNull();
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    const body = (await limited.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toMatchObject({ message: "You are being rate limited.", global: false });
    expect(body.retry_after).toBeCloseTo(retryAfter, 3);
    expect((await raw(`/channels/${b.id}/messages`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 20));
    expect((await raw(`/channels/${a.id}/messages`)).status).toBe(200);
    expect(h.fake.stats()).toMatchObject({ rateLimited: 1, globalRateLimited: 0, invalidRequests: 1 });
  });

  it("answers a global 429 past the global budget", async () => {
    const { world, a, b } = makeWorld();
    h = await startHarness(world, { rateLimits: { perRoute: { limit: 100, windowMs: 1000 }, globalPerSecond: 3 } });
    for (const id of [a.id, b.id, a.id]) expect((await raw(`/channels/${id}`)).status).toBe(200);
    const limited = await raw(`/channels/${b.id}/messages`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-global")).toBe("true");
    expect(limited.headers.get("x-ratelimit-scope")).toBe("global");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ global: true });
    expect(h.fake.stats()).toMatchObject({ rateLimited: 1, globalRateLimited: 1 });
  });

  it("interaction routes are outside the global budget but keep their route headers", async () => {
    const { world, a, b } = makeWorld();
    h = await startHarness(world, { rateLimits: { perRoute: { limit: 100, windowMs: 1000 }, globalPerSecond: 2 } });
    for (const id of [a.id, b.id]) expect((await raw(`/channels/${id}`)).status).toBe(200);
    expect((await raw(`/channels/${a.id}/messages`)).status).toBe(429);
    const interaction = h.fake.interactions.fire({ name: "ping", unchecked: true });
    const callback = await fetch(`${h.fake.url}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: 5 }),
    });
    expect(callback.status).toBe(204);
    expect(callback.headers.get("x-ratelimit-remaining")).toBe("99");
    const edit = await fetch(
      `${h.fake.url}/v10/webhooks/${world.applicationId}/${interaction.token}/messages/@original`,
      {
        method: "PATCH",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ content: "done" }),
      },
    );
    expect(edit.status).toBe(200);
    expect(h.fake.stats().globalRateLimited).toBe(1);
  });

  it("lets discord.js throttle itself from the headers without ever getting a 429", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { rateLimits: { perRoute: { limit: 3, windowMs: 300 } } });
    const waits: number[] = [];
    h.rest.on("rateLimited", (info) => waits.push(info.timeToReset));
    const started = Date.now();
    for (let i = 0; i < 10; i++) expect(await getMessages(h.rest, a.id, { limit: "1" })).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(h.fake.stats().rateLimited).toBe(0);
  });
});

describe("faults", () => {
  it("forced 429: discord.js emits rateLimited, waits Retry-After and succeeds", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { faults: { forced429: 2 } });
    const events: Array<{ route: string; timeToReset: number }> = [];
    h.rest.on("rateLimited", (info) => events.push({ route: info.route, timeToReset: info.timeToReset }));
    const page = await getMessages(h.rest, a.id, { limit: "5" });
    expect(page).toHaveLength(5);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]?.route).toBe("/channels/:id/messages");
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(h.fake.requests[0]?.fault).toBe("forced429");
    expect(h.fake.stats().rateLimited).toBe(2);
  });

  it("5xx answers are retried by discord.js", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { faults: { forcedErrors: 3 } }, { retries: 3 });
    expect(await getMessages(h.rest, a.id, { limit: "2" })).toHaveLength(2);
    const statuses = h.fake.requests.map((r) => r.status);
    expect(statuses.slice(0, 3).every((s) => [500, 502, 503].includes(s))).toBe(true);
    expect(statuses[3]).toBe(200);
    h.fake.setFaults({ forcedErrors: 4 });
    await expect(getMessages(h.rest, a.id)).rejects.toMatchObject({ name: "HTTPError" });
  });

  it("errorRate follows a deterministic sequence, and retries get through it", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { faults: { errorRate: 0.3, seed: 42 } }, { retries: 3 });
    const sequence = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await raw(`/channels/${a.id}`)).status);
      return statuses;
    };
    const first = await sequence();
    h.fake.setFaults({ errorRate: 0.3, seed: 42 });
    expect(await sequence()).toEqual(first);
    expect(first.filter((s) => s >= 500).length).toBeGreaterThan(3);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(20);
    const error = await raw(`/channels/${a.id}`).then(async function next(res): Promise<Response> {
      return res.status >= 500 ? res : next(await raw(`/channels/${a.id}`));
    });
    expect(error.headers.get("content-type")).toBe("application/json");
    expect(await error.json()).toMatchObject({ code: 0 });

    h.fake.setFaults({ errorRate: 0.3, seed: 42 });
    h.fake.clearRequests();
    for (let i = 0; i < 20; i++) expect(await getMessages(h.rest, a.id, { limit: "1" })).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.fault === "error").length).toBeGreaterThan(0);
  });

  it("reset connections surface as ECONNRESET, which discord.js retries", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { faults: { resetRate: 1 } }, { retries: 1 });
    await expect(getMessages(h.rest, a.id)).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(h.fake.requests.map((r) => [r.status, r.fault])).toEqual([
      [0, "reset"],
      [0, "reset"],
    ]);
  });

  it("hung requests time out in the client and do not block close()", async () => {
    const { world, a } = makeWorld();
    h = await startHarness(world, { faults: { hangRate: 1 } }, { timeout: 100 });
    await expect(getMessages(h.rest, a.id)).rejects.toMatchObject({ name: "AbortError" });
    expect(h.fake.requests[0]).toMatchObject({ status: 0, fault: "hang" });
  });

  it("adds latency, and onlyPaths limits faults to matching paths", async () => {
    const { world, guild, a } = makeWorld();
    h = await startHarness(world, { faults: { latencyMs: 120 } });
    const started = Date.now();
    await getMessages(h.rest, a.id, { limit: "1" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    h.fake.setFaults({ errorRate: 1, onlyPaths: /^\/guilds\// });
    expect(await getMessages(h.rest, a.id, { limit: "1" })).toHaveLength(1);
    await expect(h.rest.get(Routes.guildChannels(guild.id))).rejects.toMatchObject({ name: "HTTPError" });
  });
});
