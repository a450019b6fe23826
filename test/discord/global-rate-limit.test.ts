import { afterEach, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { createRestDiscordApi } from "../../src/discord/rest-api.js";

const TOKEN = "global-limit-token";
const PER_SECOND = 10;
const CHANNELS = 3 * PER_SECOND;

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("the global rate limit", () => {
  // The client's second starts when it sends, Discord's when the request arrives: with travel times that differ by
  // up to 30 ms, requests woken 1 ms after the client's reset reached the fake's limiter inside its old second.
  it("is waited out with a margin that covers the travel time: no global 429 over three seconds' requests", async () => {
    const world = new World({ seed: 16 });
    const guild = world.addGuild({ name: "G" });
    const channels = Array.from({ length: CHANNELS }, (_, i) => world.addChannel(guild.id, { name: `c${i}`, type: 0 }));
    fake = await startFakeDiscord(world, {
      token: TOKEN,
      rateLimits: { globalPerSecond: PER_SECOND, perRoute: { limit: 50, windowMs: 1000 } },
      faults: { latencyMs: 5, latencyJitterMs: 30 },
    });
    const api = createRestDiscordApi({
      token: TOKEN,
      apiUrl: fake.url,
      timeoutMs: 10_000,
      globalRequestsPerSecond: PER_SECOND,
    });
    // One request per channel at once, each its own bucket, as 100 guilds' idle syncs are.
    const fetched = await Promise.all(channels.map((channel) => api.fetchChannel(channel.id, guild.id)));
    expect(fetched.map((channel) => channel.id)).toEqual(channels.map((channel) => channel.id));
    expect(fake.stats()).toMatchObject({ requests: CHANNELS, globalRateLimited: 0 });
  });
});
