// The cached /metrics bytes reach the socket as the very same Uint8Array, with and without WEB_CONFIG_FILE's
// middleware: real HTTP on 127.0.0.1 through @hono/node-server, with a ServerResponse class (http.createServer's
// own option) that records what end() and write() are given. A copy would show as another object, or as chunks
// written from a stream (what Hono hands on when a middleware rebuilds a finished response).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";
import { serve } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/http/basic-auth-hash.js";
import { parseWebConfig } from "../../src/http/web-config-parse.js";
import { buildWebSecurity } from "../../src/http/web-security.js";
import type { RenderedMetrics } from "../../src/metrics/render.js";
import { createDashboardTestApp } from "./dashboard-app.js";

// Large enough that Node or Hono would take a copy the slow way if they took one at all (node-server reads up to
// two chunks of a stream before it writes).
const TEXT = `${Array.from({ length: 20_000 }, (_, i) => `discord_channel_messages{channel_id="${i}"} ${i}`).join("\n")}\n`;
const body = Buffer.from(TEXT);
const METRICS: RenderedMetrics = {
  body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
  gzip: new Uint8Array(gzipSync(body)),
  contentType: "text/plain; version=0.0.4; charset=utf-8",
};

interface Sent {
  ended: unknown[];
  written: unknown[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serveApp(middleware: readonly MiddlewareHandler[]): Promise<{ url: string; sent: Sent }> {
  const sent: Sent = { ended: [], written: [] };
  class RecordingResponse extends http.ServerResponse {
    override write(...args: unknown[]): boolean {
      sent.written.push(args[0]);
      return (super.write as (...rest: unknown[]) => boolean)(...args);
    }
    override end(...args: unknown[]): this {
      if (typeof args[0] !== "function") sent.ended.push(args[0]);
      return (super.end as (...rest: unknown[]) => this)(...args);
    }
  }
  const built = createDashboardTestApp({ middleware, overrides: { renderMetrics: async () => METRICS } });
  cleanups.push(built.cleanup);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve(
      {
        fetch: built.app.fetch,
        hostname: "127.0.0.1",
        port: 0,
        serverOptions: { ServerResponse: RecordingResponse as typeof http.ServerResponse },
      },
      () => resolve(started),
    );
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, sent };
}

async function webConfigMiddleware(): Promise<readonly MiddlewareHandler[]> {
  const hashed = await hashPassword("scrape-pw", { cost: 4, randomBytes: (n) => new Uint8Array(n).fill(3) });
  if (!hashed.ok) throw new Error(hashed.error);
  const parsed = parseWebConfig(
    `basic_auth_users:\n  prometheus: ${hashed.hash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n    X-Content-Type-Options: nosniff\n`,
    "/etc/web.yml",
  );
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const security = buildWebSecurity(
    { config: parsed.value, tlsMaterial: null, certificate: null },
    { now: () => 0, randomBytes: (n) => new Uint8Array(n).fill(9) },
  );
  return security.middleware;
}

const AUTHORIZATION = `Basic ${Buffer.from("prometheus:scrape-pw").toString("base64")}`;

describe("/metrics sends the cached bytes themselves", () => {
  it.each([
    ["without WEB_CONFIG_FILE", async () => [] as readonly MiddlewareHandler[], {}, null],
    ["with configured headers and basic auth", webConfigMiddleware, { Authorization: AUTHORIZATION }, "deny"],
  ] as const)("%s, plain and gzipped", async (_, middleware, auth, frameOptions) => {
    const { url, sent } = await serveApp(await middleware());

    const plain = await fetch(`${url}/metrics`, { headers: { ...auth, "Accept-Encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("x-frame-options")).toBe(frameOptions);
    expect(plain.headers.get("content-length")).toBe(String(METRICS.body.byteLength));
    expect(await plain.text()).toBe(TEXT);
    expect(sent.written.length).toBe(0);
    expect(sent.ended).toHaveLength(1);
    expect(sent.ended[0]).toBe(METRICS.body);

    const gzipped = await fetch(`${url}/metrics`, { headers: { ...auth, "Accept-Encoding": "gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("x-frame-options")).toBe(frameOptions);
    // fetch() decodes gzip itself; the bytes on the wire are checked through the recorded end() instead.
    expect(await gzipped.text()).toBe(TEXT);
    expect(sent.written.length).toBe(0);
    expect(sent.ended).toHaveLength(2);
    expect(sent.ended[1]).toBe(METRICS.gzip);
    expect(gunzipSync(METRICS.gzip).toString()).toBe(TEXT);
  });
});
