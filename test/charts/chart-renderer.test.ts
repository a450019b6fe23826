import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ChartConfig } from "../../src/charts/chart-config.js";
import {
  type ChartRenderFailure,
  type ChartRenderer,
  createChartRenderer,
} from "../../src/charts/render/chart-renderer.js";
import {
  ChartQueueFullError,
  ChartRendererClosedError,
  ChartRendererError,
  ChartRenderFailedError,
  ChartRenderTimeoutError,
  ChartWorkerCrashedError,
} from "../../src/charts/render/renderer-errors.js";
import { waitFor } from "../helpers/exporter-process.js";
import { decodePng } from "./pixels.js";
import { sampleConfigs } from "./sample-data.js";

const FAKE_WORKER = new URL("./fixtures/fake-chart-worker.mjs", import.meta.url);
const BROKEN_WORKER = new URL("./fixtures/broken-chart-worker.mjs", import.meta.url);

/** A configuration whose first label tells the fake worker what to do. */
function command(label: string): ChartConfig {
  return { type: "bar", data: { labels: [label], datasets: [] } };
}

function answer(png: Buffer): { threadId: number; command: string } {
  return JSON.parse(png.toString("utf8"));
}

const open: ChartRenderer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

function fake(options: {
  maxQueued: number;
  workers?: number;
  timeoutMs?: number;
  workerUrl?: URL;
  idleStopMs?: number;
}) {
  const failures: ChartRenderFailure[] = [];
  const renderer = createChartRenderer({ workerUrl: FAKE_WORKER, ...options, onFailure: (f) => failures.push(f) });
  open.push(renderer);
  return { renderer, failures };
}

describe("createChartRenderer", () => {
  it("renders real charts in a worker thread: a 1200×600 PNG", async () => {
    const renderer = createChartRenderer({ maxQueued: 2 });
    open.push(renderer);
    const png = await renderer.render(sampleConfigs({ locale: "ja", theme: "dark" }).topChannels);
    const pixels = await decodePng(png);
    expect([pixels.width, pixels.height]).toEqual([1200, 600]);
  });

  it("queues at most maxQueued renders behind the busy worker and refuses the next one at once", async () => {
    const { renderer, failures } = fake({ maxQueued: 2 });
    const drawing = renderer.render(command("slow:300"));
    const queued = [renderer.render(command("a")), renderer.render(command("b"))];
    expect(renderer.status()).toEqual({ drawing: 1, queued: 2 });
    const refused = renderer.render(command("c"));
    await expect(refused).rejects.toBeInstanceOf(ChartQueueFullError);
    const error = (await refused.catch((e: unknown) => e)) as ChartQueueFullError;
    expect(error).toMatchObject({ kind: "queue-full", queued: 2 });
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(failures.map((f) => f.kind)).toEqual(["queue-full"]);
    // The ones let in all finish, in order, and then there is room again.
    expect((await Promise.all([drawing, ...queued])).map((png) => answer(png).command)).toEqual(["slow:300", "a", "b"]);
    expect(renderer.status()).toEqual({ drawing: 0, queued: 0 });
    expect(answer(await renderer.render(command("d"))).command).toBe("d");
  });

  it("with maxQueued 0, refuses any render while one is drawing", async () => {
    const { renderer } = fake({ maxQueued: 0 });
    const drawing = renderer.render(command("slow:100"));
    await expect(renderer.render(command("x"))).rejects.toBeInstanceOf(ChartQueueFullError);
    await drawing;
  });

  it("spreads renders over several workers", async () => {
    const { renderer } = fake({ maxQueued: 0, workers: 2 });
    const [a, b] = await Promise.all([renderer.render(command("slow:100")), renderer.render(command("slow:100"))]);
    expect(answer(a!).threadId).not.toBe(answer(b!).threadId);
  });

  it("with idleStopMs, starts a worker on demand, keeps it between close renders and stops it when idle, no failure reported", async () => {
    const { renderer, failures } = fake({ maxQueued: 1, idleStopMs: 150 });
    const first = answer(await renderer.render(command("first")));
    const soon = answer(await renderer.render(command("soon")));
    expect(soon.threadId).toBe(first.threadId);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = answer(await renderer.render(command("later")));
    expect(later.command).toBe("later");
    expect(later.threadId).not.toBe(first.threadId);
    expect(failures).toEqual([]);
  });

  it("fails the render of a crashed worker, reports it, and draws the queued ones on a new worker", async () => {
    const { renderer, failures } = fake({ maxQueued: 2 });
    const first = answer(await renderer.render(command("before")));
    const crashed = renderer.render(command("crash"));
    const waiting = renderer.render(command("after"));
    await expect(crashed).rejects.toBeInstanceOf(ChartWorkerCrashedError);
    const after = answer(await waiting);
    expect(after.command).toBe("after");
    expect(after.threadId).not.toBe(first.threadId);
    expect(failures.map((f) => f.kind)).toEqual(["worker-crashed"]);
  });

  it("treats an uncaught exception in the worker as a crash", async () => {
    const { renderer, failures } = fake({ maxQueued: 1 });
    await expect(renderer.render(command("throw"))).rejects.toThrow(/chart worker failed: boom/);
    expect(answer(await renderer.render(command("next"))).command).toBe("next");
    expect(failures.map((f) => f.kind)).toEqual(["worker-crashed"]);
  });

  it("keeps the worker when chart.js fails on one configuration", async () => {
    const { renderer, failures } = fake({ maxQueued: 1 });
    const before = answer(await renderer.render(command("x")));
    await expect(renderer.render(command("fail"))).rejects.toEqual(
      new ChartRenderFailedError("chart.js could not draw this"),
    );
    expect(answer(await renderer.render(command("y"))).threadId).toBe(before.threadId);
    expect(failures.map((f) => f.kind)).toEqual(["render-failed"]);
  });

  it("stops a worker that hangs past the timeout and goes on with a new one", async () => {
    // The timeout covers the next render too, on a worker started afresh: long enough for that on a loaded machine.
    const { renderer, failures } = fake({ maxQueued: 1, timeoutMs: 1000 });
    const hung = renderer.render(command("hang"));
    const next = renderer.render(command("next"));
    await expect(hung).rejects.toBeInstanceOf(ChartRenderTimeoutError);
    expect(answer(await next).command).toBe("next");
    expect(failures.map((f) => f.kind)).toEqual(["timeout"]);
  });

  it("refuses a configuration that cannot be sent to a worker, and goes on", async () => {
    const { renderer } = fake({ maxQueued: 1 });
    const withCallback = { ...command("x"), options: { onClick: () => {} } } as ChartConfig;
    await expect(renderer.render(withCallback)).rejects.toBeInstanceOf(ChartRenderFailedError);
    expect(answer(await renderer.render(command("y"))).command).toBe("y");
  });

  it("does not restart a worker that cannot start in a loop: one start per waiting render", async () => {
    const log = join(mkdtempSync(join(tmpdir(), "chart-worker-")), "starts");
    process.env.CHART_WORKER_START_LOG = log;
    const starts = () => (existsSync(log) ? readFileSync(log, "utf8").split("\n").length - 1 : 0);
    try {
      const { renderer, failures } = fake({ maxQueued: 1, workerUrl: BROKEN_WORKER });
      // A worker's start takes from a few ms to over a second on a loaded machine: wait for it, then give a restart
      // loop time to show (it would start again at once).
      const settled = async (count: number) => {
        await waitFor(`${count} worker start(s)`, () => (starts() >= count ? true : undefined), 10_000);
        await new Promise((resolve) => setTimeout(resolve, 300));
      };
      await settled(1);
      expect([starts(), failures.length]).toEqual([1, 0]);
      await expect(renderer.render(command("x"))).rejects.toThrow(/chart font could not be loaded/);
      await settled(2);
      expect(starts()).toBe(2);
      expect(failures.map((f) => f.kind)).toEqual(["worker-crashed"]);
    } finally {
      delete process.env.CHART_WORKER_START_LOG;
    }
  });

  it("close() refuses the running and queued renders and every later one, without reporting failures", async () => {
    const { renderer, failures } = fake({ maxQueued: 1 });
    const running = expect(renderer.render(command("hang"))).rejects.toBeInstanceOf(ChartRendererClosedError);
    const queued = expect(renderer.render(command("x"))).rejects.toBeInstanceOf(ChartRendererClosedError);
    await renderer.close();
    await running;
    await queued;
    await expect(renderer.render(command("y"))).rejects.toBeInstanceOf(ChartRendererClosedError);
    expect(failures).toEqual([]);
    await renderer.close();
  });

  it("rejects only with its own error kinds", async () => {
    const { renderer } = fake({ maxQueued: 0 });
    const results = await Promise.allSettled([renderer.render(command("crash")), renderer.render(command("x"))]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ChartRendererError);
    }
  });

  it("refuses nonsense settings", () => {
    expect(() => createChartRenderer({ maxQueued: -1 })).toThrow(RangeError);
    expect(() => createChartRenderer({ maxQueued: 1, workers: 0 })).toThrow(RangeError);
  });
});
