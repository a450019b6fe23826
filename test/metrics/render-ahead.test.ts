// The renderer renders ahead of the scrapes: a manual clock and timers, a renderParts the test finishes by hand,
// literal generations. No real waiting but for zlib's gzip of a few bytes (vi.waitFor).
import { describe, expect, it, vi } from "vitest";
import {
  createMetricsRenderer,
  type MetricsRenderer,
  RENDER_AHEAD,
  type RenderAheadPolicy,
} from "../../src/metrics/render.js";
import { manualTime } from "../helpers/manual-time.js";

interface Render {
  generation: string;
  startedAt: number;
  finish(): void;
  fail(error: Error): void;
}

function setup(options: { maxStaleMs?: number; policy?: RenderAheadPolicy } = {}) {
  const time = manualTime(1_000_000);
  let generation = "g1";
  let generationReads = 0;
  const renders: Render[] = [];
  const failures: string[] = [];
  const renderer: MetricsRenderer = createMetricsRenderer({
    renderParts: [
      () =>
        new Promise<string>((resolve, reject) => {
          const seen = generation;
          renders.push({
            generation: seen,
            startedAt: time.clock(),
            finish: () => resolve(`value ${seen}\n`),
            fail: reject,
          });
        }),
    ],
    contentType: "text/plain; version=0.0.4; charset=utf-8",
    generation: () => {
      generationReads++;
      return generation;
    },
    clock: time.clock,
    timers: time.timers,
    maxStaleMs: options.maxStaleMs ?? Number.POSITIVE_INFINITY,
    policy: options.policy,
    onRenderFailed: (error) => failures.push(error instanceof Error ? error.message : String(error)),
  });
  const last = () => {
    const render = renders.at(-1);
    if (!render) throw new Error("nothing rendered");
    return render;
  };
  return {
    time,
    renderer,
    renders,
    failures,
    last,
    generationReads: () => generationReads,
    set(next: string) {
      generation = next;
    },
    /** What one scrape is served, failing if it waits for a render (a served body resolves within microtasks). */
    async servedAtOnce(): Promise<string> {
      const waiting = Symbol("waiting");
      const served = await Promise.race([
        renderer.scrape(),
        new Promise<typeof waiting>((resolve) => setImmediate(() => resolve(waiting))),
      ]);
      if (served === waiting) throw new Error("the scrape waited for a render");
      return Buffer.from(served.body).toString();
    },
    /** The first scrape: it waits for the first render, which the test finishes. */
    async firstScrape(): Promise<string> {
      const scrape = renderer.scrape();
      last().finish();
      return Buffer.from((await scrape).body).toString();
    },
  };
}

/** Waits (on zlib's thread pool, no timer) until the finished render is the one scrapes get. */
async function landed(t: ReturnType<typeof setup>, text: string): Promise<void> {
  await vi.waitFor(async () => expect(await t.servedAtOnce()).toBe(text));
}

describe("rendering ahead of the scrapes", () => {
  it("the first scrape waits for the first body; a scrape after a change gets the previous one at once", async () => {
    const t = setup();
    expect(await t.firstScrape()).toBe("value g1\n");
    t.set("g2");
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    // The poll noticed the change and started a render, which the test holds: scrapes do not wait for it.
    expect(t.renders.map((r) => r.generation)).toEqual(["g1", "g2"]);
    expect(await t.servedAtOnce()).toBe("value g1\n");
    expect(await t.servedAtOnce()).toBe("value g1\n");
    t.last().finish();
    await landed(t, "value g2\n");
    expect(t.renders).toHaveLength(2);
  });

  it("notices a change within one poll, without any scrape", async () => {
    const t = setup();
    await t.firstScrape();
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    expect(t.renders).toHaveLength(1);
    t.set("g2");
    await t.time.advance(RENDER_AHEAD.pollMs - 1);
    expect(t.renders).toHaveLength(1);
    await t.time.advance(1);
    expect(t.renders.map((r) => r.generation)).toEqual(["g1", "g2"]);
  });

  it("one render at a time, one pending: changes during a render become one render of the newest data", async () => {
    const t = setup();
    await t.firstScrape();
    t.set("g2");
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    expect(t.renders).toHaveLength(2);
    for (const next of ["g3", "g4", "g5"]) {
      t.set(next);
      expect(await t.servedAtOnce()).toBe("value g1\n");
      await t.time.advance(RENDER_AHEAD.minIntervalMs * 3);
      expect(t.renders).toHaveLength(2);
      expect(t.time.pending()).toBeLessThanOrEqual(1);
    }
    t.renders[1]?.finish();
    await landed(t, "value g2\n");
    // The held render took 9 s: the next one starts five times that after it started, with the data of then.
    await t.time.advance(5 * 9_000 - 9_000 - 1);
    expect(t.renders).toHaveLength(2);
    await t.time.advance(RENDER_AHEAD.pollMs);
    expect(t.renders.map((r) => r.generation)).toEqual(["g1", "g2", "g5"]);
    t.last().finish();
    await landed(t, "value g5\n");
  });

  it("background renders start max(1 s, 5 × the last render's duration) apart while the data keeps changing", async () => {
    const t = setup();
    await t.firstScrape();
    const held = [10, 10, 400, 400, 10, 10];
    const finishedAt: number[] = [t.last().startedAt];
    let commits = 0;
    for (const heldMs of held) {
      const before = t.renders.length;
      // A backfill commits every 100 ms; scrapes come every 2 s.
      while (t.renders.length === before) {
        t.set(`g${++commits}`);
        if (commits % 20 === 0) await t.servedAtOnce();
        await t.time.advance(100);
      }
      await t.time.advance(heldMs);
      finishedAt.push(t.time.clock());
      t.last().finish();
      await vi.waitFor(() => expect(t.time.pending()).toBe(1));
    }
    // A render lasts from its start to the end of the 100 ms step it started in, plus the time it was held.
    const durations = t.renders.map((r, i) => (finishedAt[i] ?? 0) - r.startedAt);
    const gaps = t.renders.slice(1).map((r, i) => r.startedAt - (t.renders[i]?.startedAt ?? 0));
    // From the second background render on (the first one's predecessor is the first scrape's render), each start
    // is exactly its bound after the previous one: the poll noticed the change long before.
    for (let i = 1; i < gaps.length; i++) {
      expect(gaps[i]).toBe(Math.max(1000, 5 * (durations[i] ?? 0)));
    }
    expect(gaps.slice(1).map((gap) => (gap > 1000 ? "long" : "1 s"))).toEqual(["1 s", "1 s", "long", "long", "1 s"]);
  });

  it("renders nothing while nobody scrapes; the first scrape after a quiet spell waits for fresh data", async () => {
    const t = setup();
    await t.firstScrape();
    await t.time.advance(RENDER_AHEAD.watchedForMs);
    expect(t.time.pending()).toBe(0);
    const reads = t.generationReads();
    t.set("g2");
    await t.time.advance(3_600_000);
    expect(t.renders).toHaveLength(1);
    expect(t.generationReads()).toBe(reads);
    // An hour-old body is not served as if it were being kept fresh.
    const scrape = t.renderer.scrape();
    expect(t.renders).toHaveLength(2);
    t.last().finish();
    expect(Buffer.from((await scrape).body).toString()).toBe("value g2\n");
    // Scraped again: rendering ahead resumes.
    t.set("g3");
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    expect(t.renders.map((r) => r.generation)).toEqual(["g1", "g2", "g3"]);
  });

  it("a failed background render is counted, the previous body stays served, and it is tried again later", async () => {
    const t = setup();
    await t.firstScrape();
    t.set("g2");
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    t.last().fail(new Error("metrics render worker exited"));
    await vi.waitFor(() => expect(t.failures).toEqual(["metrics render worker exited"]));
    expect(await t.servedAtOnce()).toBe("value g1\n");
    // One failure in a row: twice the interval.
    await t.time.advance(2 * RENDER_AHEAD.minIntervalMs - 1);
    expect(t.renders).toHaveLength(2);
    await t.time.advance(1);
    expect(t.renders.map((r) => r.generation)).toEqual(["g1", "g2", "g2"]);
    t.last().finish();
    await landed(t, "value g2\n");
    expect(t.failures).toHaveLength(1);
  });

  it("a failed render a scrape waited for is counted too: the previous body, or the error when there is none", async () => {
    const t = setup({ maxStaleMs: 0 });
    const first = t.renderer.scrape();
    t.last().fail(new Error("no such table: channels"));
    await expect(first).rejects.toThrow("no such table: channels");
    expect(t.failures).toEqual(["no such table: channels"]);
    expect(await t.firstScrape()).toBe("value g1\n");
    t.set("g2");
    const scrape = t.renderer.scrape();
    t.last().fail(new Error("metrics render worker exited"));
    expect(Buffer.from((await scrape).body).toString()).toBe("value g1\n");
    expect(t.failures).toEqual(["no such table: channels", "metrics render worker exited"]);
  });

  it("a failed part is served as last rendered beside the others rendered anew, and tried again", async () => {
    const time = manualTime();
    let generation = 1;
    let storeFails = false;
    const failures: string[] = [];
    const renderer = createMetricsRenderer({
      renderParts: [
        async () => `self ${generation} failures=${failures.length}\n`,
        async () => {
          if (storeFails) throw new Error("metrics render worker exited");
          return `store ${generation}\n`;
        },
      ],
      contentType: "text/plain",
      generation: () => String(generation),
      clock: time.clock,
      timers: time.timers,
      maxStaleMs: Number.POSITIVE_INFINITY,
      onRenderFailed: (error) => failures.push(error instanceof Error ? error.message : String(error)),
    });
    const text = async () => Buffer.from((await renderer.scrape()).body).toString();
    expect(await text()).toBe("self 1 failures=0\n\nstore 1\n");
    storeFails = true;
    generation = 2;
    await time.advance(RENDER_AHEAD.minIntervalMs);
    await vi.waitFor(() => expect(failures).toEqual(["metrics render worker exited"]));
    // The failure's own counter is in the body: the self part is new, the store part as it last was.
    await vi.waitFor(async () => expect(await text()).toBe("self 2 failures=0\n\nstore 1\n"));
    storeFails = false;
    // Not current although the generation did not move: tried again, after the backed-off interval.
    await time.advance(2 * RENDER_AHEAD.minIntervalMs);
    await vi.waitFor(async () => expect(await text()).toBe("self 2 failures=1\n\nstore 2\n"));
    expect(failures).toHaveLength(1);
    await renderer.stop();
  });

  it("a generation that cannot be read in the background is counted and read again after the interval", async () => {
    const time = manualTime();
    let broken = false;
    let generation = "g1";
    let renders = 0;
    const failures: unknown[] = [];
    const renderer = createMetricsRenderer({
      renderParts: [
        async () => {
          renders++;
          return "x 1\n";
        },
      ],
      contentType: "text/plain",
      generation: () => {
        if (broken) throw new Error("database disk image is malformed");
        return generation;
      },
      clock: time.clock,
      timers: time.timers,
      maxStaleMs: Number.POSITIVE_INFINITY,
      onRenderFailed: (error) => failures.push(error),
    });
    await renderer.scrape();
    broken = true;
    await time.advance(RENDER_AHEAD.pollMs);
    expect(failures).toHaveLength(1);
    // Failures in a row back off: 2 s, 4 s, ... up to a minute.
    for (const [i, waitMs] of [2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000].entries()) {
      await time.advance(waitMs - 1);
      expect(failures).toHaveLength(i + 1);
      await time.advance(1);
      expect(failures).toHaveLength(i + 2);
    }
    broken = false;
    await time.advance(60_000);
    expect(failures).toHaveLength(8);
    // Readable again: polled as usual, and a change renders at the next poll.
    generation = "g2";
    await time.advance(RENDER_AHEAD.pollMs);
    expect(renders).toBe(2);
    await renderer.stop();
  });

  it("with maxStaleMs 0 a scrape after a change waits for its render, and nothing renders ahead", async () => {
    const t = setup({ maxStaleMs: 0 });
    await t.firstScrape();
    expect(t.time.pending()).toBe(0);
    t.set("g2");
    await t.time.advance(60_000);
    expect(t.renders).toHaveLength(1);
    const scrape = t.renderer.scrape();
    expect(t.renders).toHaveLength(2);
    t.last().finish();
    expect(Buffer.from((await scrape).body).toString()).toBe("value g2\n");
  });

  it("stop() ends the timer and waits for the render in flight", async () => {
    const t = setup();
    await t.firstScrape();
    t.set("g2");
    await t.time.advance(RENDER_AHEAD.minIntervalMs);
    let stopped = false;
    const stopping = t.renderer.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    t.last().fail(new Error("metrics render worker exited"));
    await stopping;
    expect(t.time.pending()).toBe(0);
    // Closing the worker under a render is shutdown, not a failure to report.
    expect(t.failures).toEqual([]);
  });
});
