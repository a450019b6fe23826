/** Real discord.js gateway clients against the fake, and a raw WebSocket client for protocol-level tests. */

import { constants as zlibConstants, inflateSync } from "node:zlib";
import { Client, type ClientOptions, Events, type GatewayIntentBits } from "discord.js";
import { WebSocket } from "ws";
import type { FakeDiscord } from "../../fake-discord/server.js";
import { TOKEN } from "./helpers.js";

export interface GatewayPacket {
  op: number;
  t: string | null;
  s: number | null;
  d: unknown;
}

export interface Bot {
  client: Client;
  /** Every dispatch the client received (discord.js's "raw" event), in order. */
  packets: GatewayPacket[];
  /** Dispatch names received since index `since`. */
  names(since?: number): string[];
  /** Waits for a dispatch `t` at or after index `since` (default: any so far). */
  waitForPacket(
    t: string,
    options?: { since?: number; timeoutMs?: number; where?: (d: never) => boolean },
  ): Promise<GatewayPacket>;
}

/**
 * A logged-in discord.js Client. `noIdentifyThrottle` lifts discord.js's 5 s pause between two IDENTIFYs of a
 * process (its SimpleIdentifyThrottler), which would make re-identify tests slow.
 */
export async function startBot(
  fake: FakeDiscord,
  intents: GatewayIntentBits[],
  options: { token?: string; noIdentifyThrottle?: boolean; clientOptions?: Partial<ClientOptions> } = {},
): Promise<Bot> {
  const client = new Client({
    intents,
    rest: { api: fake.url, globalRequestsPerSecond: 10_000 },
    ...(options.noIdentifyThrottle
      ? { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } }
      : {}),
    ...options.clientOptions,
  });
  const packets: GatewayPacket[] = [];
  const listeners = new Set<() => void>();
  client.on(Events.Raw, (packet: GatewayPacket) => {
    packets.push(packet);
    for (const listener of [...listeners]) listener();
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(options.token ?? TOKEN);
  await ready;
  const bot: Bot = {
    client,
    packets,
    names: (since = 0) => packets.slice(since).map((p) => p.t ?? ""),
    waitForPacket: (t, wait = {}) =>
      new Promise((resolve, reject) => {
        const find = () =>
          packets
            .slice(wait.since ?? 0)
            .find((p) => p.t === t && (wait.where === undefined || wait.where(p.d as never)));
        const found = find();
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no ${t} within ${wait.timeoutMs ?? 3000} ms; got ${bot.names(wait.since).join(", ")}`));
        }, wait.timeoutMs ?? 3000);
        const listener = () => {
          const packet = find();
          if (packet === undefined) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(packet);
        };
        listeners.add(listener);
      }),
  };
  return bot;
}

/** Lets pending socket traffic arrive (for asserting that something did NOT come). */
export function settle(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A bare WebSocket client speaking the gateway protocol by hand. */
export interface RawGateway {
  ws: WebSocket;
  messages: GatewayPacket[];
  send(op: number, d: unknown): void;
  /** The next message (after those already taken by earlier calls) that matches. */
  next(predicate?: (p: GatewayPacket) => boolean, timeoutMs?: number): Promise<GatewayPacket>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connectRaw(
  url: string,
  query = "?v=10&encoding=json",
  decode: "text" | "zlib-stream" | "payload" = "text",
): Promise<RawGateway> {
  const ws = new WebSocket(`${url}${query}`);
  const messages: GatewayPacket[] = [];
  const listeners = new Set<() => void>();
  let stream = Buffer.alloc(0);
  let decodedBytes = 0;
  let cursor = 0;
  ws.on("message", (data: Buffer, isBinary) => {
    let text: string;
    if (!isBinary) text = data.toString("utf8");
    else if (decode === "payload") text = inflateSync(data).toString("utf8");
    else {
      // zlib-stream: one context for the connection; inflating everything so far and keeping the new tail.
      stream = Buffer.concat([stream, data]);
      const all = inflateSync(stream, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      text = all.subarray(decodedBytes).toString("utf8");
      decodedBytes = all.length;
    }
    messages.push(JSON.parse(text) as GatewayPacket);
    for (const listener of [...listeners]) listener();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return {
    ws,
    messages,
    send: (op, d) => ws.send(JSON.stringify({ op, d })),
    next: (predicate = () => true, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const take = () => {
          const index = messages.findIndex((m, i) => i >= cursor && predicate(m));
          if (index < 0) return false;
          cursor = index + 1;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(messages[index] as GatewayPacket);
          return true;
        };
        const listener = () => void take();
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(`no matching gateway message within ${timeoutMs} ms (got ops ${messages.map((m) => m.op)})`),
          );
        }, timeoutMs);
        if (!take()) listeners.add(listener);
      }),
    closed,
    close: () => ws.terminate(),
  };
}
