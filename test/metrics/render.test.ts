import { gunzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { createMetricsRenderer } from "../../src/metrics/render.js";
import { manualTime } from "../helpers/manual-time.js";

// No minimum interval between background renders here: these tests are about what a scrape is served (the
// interval has its own tests in render-ahead.test.ts).
function setup(maxStaleMs: number) {
  const { timers } = manualTime();
  let now = 0;
  let version = "v1";
  let renders = 0;
  let fail = false;
  let release: (() => void) | null = null;
  let gate = false;
  // One render is both parts, rendered from the same version (and failing together).
  let current: Promise<string> = Promise.resolve("");
  const render = createMetricsRenderer({
    renderParts: [
      async () => {
        current = (async () => {
          renders++;
          const seen = version;
          if (gate) await new Promise<void>((resolve) => (release = resolve));
          if (fail) throw new Error("worker died");
          return seen;
        })();
        return `a ${await current}\n`;
      },
      async () => `b ${await current}\n`,
    ],
    contentType: "text/plain; version=0.0.4; charset=utf-8",
    generation: () => version,
    clock: () => now,
    timers,
    maxStaleMs,
    policy: {
      pollMs: 250,
      minIntervalMs: 0,
      intervalPerRenderDuration: 0,
      maxFailedIntervalMs: 0,
      watchedForMs: 600_000,
    },
    onRenderFailed: () => {},
  });
  return {
    render: render.scrape,
    set: (v: string) => (version = v),
    advance: (ms: number) => (now += ms),
    renders: () => renders,
    failNext: (f: boolean) => (fail = f),
    hold: (h: boolean) => (gate = h),
    release: () => release?.(),
  };
}

describe("metrics renderer", () => {
  it("renders once per version, joins the parts, and keeps a gzip of the same body", async () => {
    const r = setup(0);
    const first = await r.render();
    expect(Buffer.from(first.body).toString()).toBe("a v1\n\nb v1\n");
    expect(gunzipSync(first.gzip).toString()).toBe(Buffer.from(first.body).toString());
    await r.render();
    expect(r.renders()).toBe(1);
    r.set("v2");
    expect(Buffer.from((await r.render()).body).toString()).toBe("a v2\n\nb v2\n");
    expect(r.renders()).toBe(2);
  });

  it("with maxStaleMs, serves the last body at once while a newer one renders in the background", async () => {
    const r = setup(1000);
    await r.render();
    r.set("v2");
    r.hold(true);
    r.advance(10);
    expect(Buffer.from((await r.render()).body).toString()).toBe("a v1\n\nb v1\n");
    expect(Buffer.from((await r.render()).body).toString()).toBe("a v1\n\nb v1\n");
    expect(r.renders()).toBe(2);
    r.hold(false);
    r.release();
    // The background render lands without any scrape waiting for it.
    await vi.waitFor(async () => expect(Buffer.from((await r.render()).body).toString()).toBe("a v2\n\nb v2\n"));
    expect(r.renders()).toBe(2);
  });

  it("waits for a fresh body once the cached one is older than maxStaleMs", async () => {
    const r = setup(1000);
    await r.render();
    r.set("v2");
    r.advance(1500);
    expect(Buffer.from((await r.render()).body).toString()).toBe("a v2\n\nb v2\n");
  });

  it("serves the previous body when a render fails, and fails only when there is none", async () => {
    const r = setup(0);
    r.failNext(true);
    await expect(r.render()).rejects.toThrow("worker died");
    r.failNext(false);
    await r.render();
    r.set("v2");
    r.failNext(true);
    expect(Buffer.from((await r.render()).body).toString()).toBe("a v1\n\nb v1\n");
  });
});
