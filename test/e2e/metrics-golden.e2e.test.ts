import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/metrics.golden.prom");
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAY = 86_400_000;

/**
 * Series within a family appear in the order they were first set, which for request counters depends on which
 * concurrent response came first: the order is not part of the contract, the lines are.
 */
function sortSamplesWithinFamilies(text: string): string {
  const out: string[] = [];
  let run: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line === "") {
      out.push(...run.sort(), line);
      run = [];
    } else {
      run.push(line);
    }
  }
  return [...out, ...run.sort()].join("\n");
}

/**
 * What users see, pinned: the whole /metrics body for a fixed guild and a fixed clock. A change to names, labels,
 * help texts or values shows up as a diff here. Regenerate deliberately with UPDATE_GOLDEN=1.
 */
describe("/metrics output", () => {
  const world = new World({ seed: 2026, now: () => NOW });
  const guild = world.addGuild({ id: "1100000000000000042", name: "Golden", memberCount: 1500, presenceCount: 150 });
  const category = world.addChannel(guild.id, { name: "Talk", type: 4 });
  const general = world.addChannel(guild.id, { name: "general", type: 0, parentId: category.id });
  const forum = world.addChannel(guild.id, { name: "help", type: 15, parentId: category.id });
  world.addChannel(guild.id, { name: "no-history", type: 0, canReadHistory: false });
  const voice = world.addChannel(guild.id, { name: "Lounge", type: 2 });
  world.addMessages(general.id, 1234, { fromMs: NOW - 400 * DAY, toMs: NOW - 1000, botRatio: 0.25, authors: 40 });
  world.addMessages(voice.id, 77, { fromMs: NOW - 20 * DAY, toMs: NOW - 1000, authors: 5 });
  world.addMessage(world.channels(guild.id).find((c) => c.name === "no-history")!.id, { atMs: NOW - DAY });
  for (let i = 0; i < 4; i++) {
    const post = world.addThread(forum.id, { name: `post ${i}`, type: 11, createdAtMs: NOW - 10 * DAY });
    world.addMessages(post.id, 5 + i, { fromMs: NOW - 9 * DAY, toMs: NOW - DAY, authors: 3 });
  }
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(world, [guild.id], {}, {}, { clock: () => NOW });
    await h.settle();
  });
  afterAll(async () => h?.close());

  it("matches the golden file", async () => {
    const text = sortSamplesWithinFamilies(await h.scrapeText());
    if (process.env.UPDATE_GOLDEN === "1") fs.writeFileSync(GOLDEN, text);
    expect(text).toBe(fs.readFileSync(GOLDEN, "utf8"));
  });
});
