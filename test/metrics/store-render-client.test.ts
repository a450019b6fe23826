import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import { createLogger } from "../../src/log.js";
import { createStoreRenderClient, STORE_RENDER_WORKER } from "../../src/metrics/store-render-client.js";
import { workerEntry } from "../../src/package-root.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { sumSamples, parseMetrics } from "../helpers/parse-metrics.js";

const now = Date.now();

// In-process exporters run dist/'s worker (test/helpers/built-workers.ts); this checks the entry that `npm run demo`
// and every other run from source takes: a .mjs that registers the TypeScript loader in the worker thread.
describe("the store render worker, started from source", () => {
  const world = new World({ seed: 7 });
  const guild = world.addGuild({ name: "Render", memberCount: 12, presenceCount: 3 });
  const channel = world.addChannel(guild.id, { name: "general", type: 0 });
  world.addMessages(channel.id, 321, { fromMs: now - 30 * 86_400_000, toMs: now - 60_000, botRatio: 0.25 });
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(world, [guild.id]);
    await h.settle();
  });
  afterAll(async () => h?.close());

  it("renders what the built worker renders, the fake's exact counts", async () => {
    const options = {
      databasePath: h.store.path,
      exportChannelNames: true,
      legacyMetrics: false,
      voice: false,
      memberEvents: false,
    };
    const log = createLogger({ level: "silent", secrets: [] });
    const today = new Date(now).toISOString().slice(0, 10);
    const fromSource = createStoreRenderClient(options, log, workerEntry(STORE_RENDER_WORKER, "source"));
    const built = createStoreRenderClient(options, log, workerEntry(STORE_RENDER_WORKER, "built"));
    try {
      const [sourceText, builtText] = await Promise.all([fromSource.render(today), built.render(today)]);
      expect(sourceText).toBe(builtText);
      const samples = parseMetrics(sourceText);
      for (const bot of [false, true]) {
        expect(
          sumSamples(samples, "discord_channel_messages", { channel_id: channel.id, author: bot ? "bot" : "human" }),
        ).toBe(world.messageCount(channel.id, { bot }));
      }
    } finally {
      await Promise.all([fromSource.close(), built.close()]);
    }
  });
});
