import { Routes } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countRequests, filterRequests } from "../../fake-discord/request-log.js";
import { World } from "../../fake-discord/world.js";
import { DAY, getMessages, type Harness, startHarness, TOKEN } from "./helpers.js";

const NOW = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 2, now: () => NOW });
const guild = world.addGuild({ name: "G" });
const channel = world.addChannel(guild.id, { name: "c", type: 0 });
world.addMessages(channel.id, 10, { fromMs: NOW - DAY, toMs: NOW });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(world);
});
afterAll(async () => {
  await h.fake.close();
});

describe("request log", () => {
  it("records method, path, route template, query and status, and never the token", async () => {
    const before = Date.now();
    await getMessages(h.rest, channel.id, { limit: "5", after: "0" });
    await h.rest.get(Routes.guildChannels(guild.id));
    await h.rest.get(Routes.user("@me"));
    await h.rest.get(Routes.channel("123456789012345678")).catch(() => undefined);
    expect(h.fake.requests[0]).toEqual({
      method: "GET",
      path: `/channels/${channel.id}/messages`,
      route: "/channels/:id/messages",
      query: { limit: "5", after: "0" },
      status: 200,
      at: expect.any(Number),
    });
    expect(h.fake.requests[0]?.at).toBeGreaterThanOrEqual(before);
    expect(h.fake.requests[2]).toMatchObject({ path: "/users/@me", route: "/users/@me" });
    expect(countRequests(h.fake.requests, { route: "/channels/:id/messages" })).toBe(1);
    expect(countRequests(h.fake.requests, { pathPrefix: `/guilds/${guild.id}` })).toBe(1);
    expect(countRequests(h.fake.requests, { status: 404 })).toBe(1);
    expect(filterRequests(h.fake.requests, { method: "get", route: "/channels/:id" })).toHaveLength(1);
    expect(JSON.stringify(h.fake.requests)).not.toContain(TOKEN);
    expect(h.fake.stats().requests).toBe(4);
  });

  it("clears in place", async () => {
    const log = h.fake.requests;
    h.fake.clearRequests();
    expect(log).toHaveLength(0);
    await h.rest.get(Routes.user("@me"));
    expect(log).toHaveLength(1);
  });
});
