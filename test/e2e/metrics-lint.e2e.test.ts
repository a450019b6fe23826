import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { findSamples } from "../helpers/parse-metrics.js";
import { findPromtool, promtoolCheckMetrics } from "../helpers/promtool.js";

const now = Date.now();
const promtool = findPromtool();

function buildWorld() {
  const world = new World({ seed: 7 });
  const guild = world.addGuild({ name: "Lint", memberCount: 10, presenceCount: 3 });
  const general = world.addChannel(guild.id, { name: "general", type: 0 });
  const forum = world.addChannel(guild.id, { name: "help", type: 15 });
  const post = world.addThread(forum.id, { name: "how do I", type: 11 });
  world.addMessages(general.id, 120, { fromMs: now - 86_400_000 * 30, toMs: now - 1000, botRatio: 0.3 });
  world.addMessages(post.id, 12, { fromMs: now - 86_400_000, toMs: now - 1000 });
  return { world, guildId: guild.id };
}

describe.skipIf(promtool === null)("metrics output passes promtool check metrics", () => {
  const { world, guildId } = buildWorld();
  let plain: Harness;
  let legacy: Harness;
  beforeAll(async () => {
    plain = await startHarness(world, [guildId]);
    legacy = await startHarness(world, [guildId], { legacyMetrics: true });
    await Promise.all([plain.settle(), legacy.settle()]);
  });
  afterAll(async () => {
    await plain?.close();
    await legacy?.close();
  });

  it("is lint-clean by default", async () => {
    const text = await plain.scrapeText();
    expect(text).toContain("discord_channel_messages");
    expect(await promtoolCheckMetrics(promtool!, text)).toEqual({ status: 0, output: "" });
  });

  it("with LEGACY_METRICS adds exactly the Go exporter's two metrics, whose only lint problems are their old names", async () => {
    const samples = await legacy.scrape();
    expect(findSamples(samples, "discord_members_count")).toEqual([
      { name: "discord_members_count", labels: {}, value: 10 },
    ]);
    expect(findSamples(samples, "discord_message_count", { channel: "general" })[0]?.value).toBe(120);
    const result = await promtoolCheckMetrics(promtool!, await legacy.scrapeText());
    const problems = result.output.split("\n").filter(Boolean);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^discord_(members|message)_count/);
  });
});
