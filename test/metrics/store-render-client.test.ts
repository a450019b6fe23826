import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
    const onIdleWorkerFailed = (error: Error) => {
      throw error;
    };
    const fromSource = createStoreRenderClient(options, {
      log,
      onIdleWorkerFailed,
      entry: workerEntry(STORE_RENDER_WORKER, "source"),
    });
    const built = createStoreRenderClient(options, {
      log,
      onIdleWorkerFailed,
      entry: workerEntry(STORE_RENDER_WORKER, "built"),
    });
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

// Worker failures with a scripted worker thread (fixtures/scripted-render-worker.mjs): each is logged and counted
// once, by the render it failed or, with none waiting, by the client itself.
describe("the store render client when its worker fails", () => {
  const options = {
    databasePath: "/nonexistent/unused.db",
    exportChannelNames: false,
    legacyMetrics: false,
    voice: false,
    memberEvents: false,
  };

  function scripted() {
    const lines: string[] = [];
    const idleFailures: string[] = [];
    const client = createStoreRenderClient(options, {
      log: createLogger({ level: "error", secrets: [], destination: { write: (line) => void lines.push(line) } }),
      onIdleWorkerFailed: (error) => idleFailures.push(error.message),
      entry: new URL("./fixtures/scripted-render-worker.mjs", import.meta.url),
    });
    const logged = () =>
      lines.map((line) => (JSON.parse(line) as { msg: string; err?: { message: string } }).err?.message);
    return { client, idleFailures, logged };
  }

  it("a worker that dies between renders is counted and logged, and the next render gets a new worker", async () => {
    const { client, idleFailures, logged } = scripted();
    try {
      expect(await client.render("answer-then-crash")).toBe("rendered answer-then-crash\n");
      await vi.waitFor(() => expect(idleFailures).toEqual(["worker crashed between renders"]));
      expect(logged()).toEqual(["worker crashed between renders"]);
      expect(await client.render("2024-06-30")).toBe("rendered 2024-06-30\n");
      expect(idleFailures).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it("a worker that exits during a render fails that render, counted by its caller and not here", async () => {
    const { client, idleFailures, logged } = scripted();
    try {
      await expect(client.render("exit")).rejects.toThrow("metrics render worker exited with code 3");
      expect(idleFailures).toEqual([]);
      expect(logged()).toEqual(["metrics render worker exited with code 3"]);
      expect(await client.render("2024-06-30")).toBe("rendered 2024-06-30\n");
    } finally {
      await client.close();
    }
    // close() terminates the worker: no failure.
    expect(idleFailures).toEqual([]);
    expect(logged()).toHaveLength(1);
  });
});
