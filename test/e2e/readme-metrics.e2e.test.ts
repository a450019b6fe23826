// The metrics tables of README.md and README.ja.md against what /metrics really serves with every feature on (the
// bot, live updates, voice, member events, the legacy metrics): no family undocumented, none documented that is not
// there. Families are read from the body's # TYPE lines, so a family without samples yet counts too.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { waitFor } from "../helpers/exporter-process.js";
import { firstColumnCodes, mentionedMetricNames, sectionById } from "../helpers/markdown-doc.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PAGES = ["README.md", "README.ja.md"] as const;

function documented(file: string): { table: string[]; legacy: string[] } {
  const page = fs.readFileSync(path.join(ROOT, file), "utf8");
  const metrics = sectionById(page, "metrics", file).text;
  const table = firstColumnCodes(metrics);
  // The legacy subsection also names the families to move to; only those outside the table are legacy ones.
  const legacyPart = metrics.slice(metrics.search(/^### /m));
  const legacy = mentionedMetricNames(legacyPart).filter((name) => !table.includes(name));
  return { table, legacy };
}

describe("the README's metrics tables name exactly the families /metrics serves", () => {
  const world = new World({ seed: 2412 });
  const guild = world.addGuild({ name: "Docs", memberCount: 40, presenceCount: 9 });
  const text = world.addChannel(guild.id, { name: "general", type: 0 }).id;
  const lounge = world.addChannel(guild.id, { name: "Lounge", type: 2 }).id;
  world.addMessages(text, 30, { fromMs: Date.now() - 3 * 86_400_000, toMs: Date.now() - 60_000, authors: 5 });
  world.joinVoice(lounge, world.addUser(guild.id, { username: "talker" }).id);
  let h: Harness;
  let exported: string[] = [];

  beforeAll(async () => {
    h = await startHarness(
      world,
      [guild.id],
      { botEnabled: true, liveUpdates: true, voiceActivity: true, memberEvents: true, legacyMetrics: true },
      { gateway: { heartbeatIntervalMs: 500, privilegedIntents: { guildMembers: true } } },
    );
    await h.settle();
    await waitFor("the gateway session", () => (h.fake.gateway.sessions().length > 0 ? true : undefined));
    const body = await h.scrapeText();
    exported = [...body.matchAll(/^# TYPE (\S+) \S+$/gm)].map((match) => match[1] ?? "").sort();
  });
  afterAll(async () => h?.close());

  it("serves the gateway's, the bot's, voice and member families with every feature on", () => {
    for (const name of ["discord_exporter_gateway_up", "discord_voice_seconds_total", "discord_members_count"])
      expect(exported).toContain(name);
  });

  it.each(PAGES)("%s: its table and its legacy subsection, together, are the exported families", (file) => {
    const { table, legacy } = documented(file);
    expect([...table, ...legacy].sort()).toEqual(exported);
  });
});
