import { afterEach, describe, expect, it } from "vitest";
import { Intent, Op, shardOf } from "../../fake-discord/gateway-protocol.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { connectRaw, type RawGateway } from "./gateway-helpers.js";
import { TOKEN } from "./helpers.js";

const identify = (intents = Intent.Guilds, extra: Record<string, unknown> = {}) => ({
  token: TOKEN,
  intents,
  properties: { os: "linux", browser: "raw", device: "raw" },
  ...extra,
});

let fake: FakeDiscord | undefined;
const sockets: RawGateway[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await fake?.close();
  fake = undefined;
});

async function start(gateway: Parameters<typeof startFakeDiscord>[1]["gateway"] = {}) {
  const world = new World({ seed: 41 });
  const guilds = [world.addGuild({ name: "A" }), world.addGuild({ name: "B" }), world.addGuild({ name: "C" })];
  const channel = world.addChannel(guilds[0]?.id ?? "", { name: "general", type: 0 });
  fake = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 1000, ...gateway } });
  return { world, guilds, channel, fake };
}

async function connect(query?: string, decode?: "text" | "zlib-stream" | "payload") {
  if (fake === undefined) throw new Error("start first");
  const socket = await connectRaw(fake.gateway.url, query, decode);
  sockets.push(socket);
  return socket;
}

describe("the handshake", () => {
  it("HELLO first with the configured interval, ACK for every heartbeat, READY then GUILD_CREATEs", async () => {
    const { guilds } = await start({ heartbeatIntervalMs: 1234 });
    const ws = await connect();
    expect(await ws.next()).toEqual({ op: Op.Hello, d: { heartbeat_interval: 1234 }, s: null, t: null });
    ws.send(Op.Heartbeat, null);
    expect((await ws.next()).op).toBe(Op.HeartbeatAck);
    ws.send(Op.Identify, identify());
    const ready = await ws.next((m) => m.t === "READY");
    expect(ready.s).toBe(1);
    expect(ready.d).toMatchObject({
      v: 10,
      user: { id: fake?.world.botUser.id, bot: true },
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      resume_gateway_url: expect.stringMatching(/\/gateway\/resume$/),
      application: { id: fake?.world.applicationId, flags: 0 },
      shard: [0, 1],
    });
    for (const [i, g] of guilds.entries()) {
      const create = await ws.next((m) => m.t === "GUILD_CREATE");
      expect(create.s).toBe(i + 2);
      expect(create.d).toMatchObject({ id: g.id, unavailable: false, channels: expect.any(Array), voice_states: [] });
    }
  });

  it("closes a connection that stops heartbeating (4009), and the session can still be resumed", async () => {
    const { fake } = await start({ heartbeatTimeoutMs: 150 });
    const ws = await connect();
    ws.send(Op.Identify, identify());
    const ready = await ws.next((m) => m.t === "READY");
    expect(await ws.closed).toEqual({ code: 4009, reason: "Session timed out" });
    const again = await connect("?v=10&encoding=json");
    again.send(Op.Resume, { token: TOKEN, session_id: (ready.d as { session_id: string }).session_id, seq: 4 });
    expect((await again.next((m) => m.t === "RESUMED")).s).toBe(5);
    expect(fake.gateway.sessions()[0]?.resumes).toBe(1);
  });

  it("asks for a heartbeat with op 1 on request", async () => {
    const { fake } = await start();
    const ws = await connect();
    await ws.next((m) => m.op === Op.Hello);
    expect(fake.gateway.requestHeartbeat()).toBe(1);
    expect(await ws.next()).toMatchObject({ op: Op.Heartbeat });
  });
});

describe("close codes", () => {
  const cases: Array<[string, (ws: RawGateway) => void, number, string]> = [
    ["an invalid token", (ws) => ws.send(Op.Identify, { ...identify(), token: "nope" }), 4004, "Authentication failed"],
    ["intents missing", (ws) => ws.send(Op.Identify, { ...identify(), intents: undefined }), 4013, "Invalid intent(s)"],
    ["an unknown intent bit", (ws) => ws.send(Op.Identify, identify(1 << 30)), 4013, "Invalid intent(s)"],
    [
      "a privileged intent not enabled",
      (ws) => ws.send(Op.Identify, identify(Intent.Guilds | Intent.GuildMembers)),
      4014,
      "Disallowed intent(s)",
    ],
    [
      "a payload before identifying",
      (ws) => ws.send(Op.PresenceUpdate, { status: "online" }),
      4003,
      "Not authenticated",
    ],
    ["an unknown opcode", (ws) => ws.send(42, null), 4001, "Unknown opcode"],
    ["invalid JSON", (ws) => ws.ws.send("{nope"), 4002, "Decode error"],
    ["a payload over 4096 bytes", (ws) => ws.send(Op.Heartbeat, "x".repeat(5000)), 4002, "Decode error"],
    [
      "an invalid shard",
      (ws) => ws.send(Op.Identify, identify(Intent.Guilds, { shard: [2, 2] })),
      4010,
      "Invalid shard",
    ],
  ];
  for (const [what, act, code, reason] of cases) {
    it(`${code} for ${what}`, async () => {
      await start();
      const ws = await connect();
      await ws.next((m) => m.op === Op.Hello);
      act(ws);
      expect(await ws.closed).toEqual({ code, reason });
    });
  }

  it("4005 for a second IDENTIFY", async () => {
    await start();
    const ws = await connect();
    ws.send(Op.Identify, identify());
    await ws.next((m) => m.t === "READY");
    ws.send(Op.Identify, identify());
    expect((await ws.closed).code).toBe(4005);
  });

  it("4012 for an API version the gateway does not serve", async () => {
    await start();
    const ws = await connect("?v=6&encoding=json");
    expect(await ws.closed).toEqual({ code: 4012, reason: "Invalid API version" });
  });

  it("4007 for a RESUME with a sequence from the future, op 9 for an unknown session", async () => {
    await start();
    const first = await connect();
    first.send(Op.Identify, identify());
    const ready = await first.next((m) => m.t === "READY");
    const sessionId = (ready.d as { session_id: string }).session_id;
    const future = await connect();
    future.send(Op.Resume, { token: TOKEN, session_id: sessionId, seq: 999 });
    expect((await future.closed).code).toBe(4007);
    const unknown = await connect();
    unknown.send(Op.Resume, { token: TOKEN, session_id: "0".repeat(32), seq: 1 });
    expect(await unknown.next((m) => m.op === Op.InvalidSession)).toMatchObject({ d: false });
  });

  it("RESUME takes a session over from the connection that still holds it", async () => {
    const { world, channel } = await start();
    const first = await connect();
    first.send(Op.Identify, identify(Intent.Guilds | Intent.GuildMessages));
    const ready = await first.next((m) => m.t === "READY");
    const second = await connect();
    second.send(Op.Resume, { token: TOKEN, session_id: (ready.d as { session_id: string }).session_id, seq: 1 });
    // Everything after seq 1 (the three GUILD_CREATEs) is replayed on the new connection.
    const replayed = await second.next((m) => m.t === "GUILD_CREATE");
    expect(replayed.s).toBe(2);
    await second.next((m) => m.t === "RESUMED");
    expect((await first.closed).code).toBe(4000);
    const id = world.addMessage(channel.id);
    expect((await second.next((m) => m.t === "MESSAGE_CREATE")).d).toMatchObject({ id });
  });
});

describe("compression and sharding", () => {
  it("zlib-stream transport compression: one deflate context, each message Z_SYNC_FLUSHed", async () => {
    const { fake } = await start();
    const ws = await connect("?v=10&encoding=json&compress=zlib-stream", "zlib-stream");
    expect((await ws.next()).op).toBe(Op.Hello);
    ws.send(Op.Identify, identify());
    expect((await ws.next((m) => m.t === "READY")).s).toBe(1);
    expect((await ws.next((m) => m.t === "GUILD_CREATE")).s).toBe(2);
    expect(fake.gateway.connections()[0]?.compression).toBe("zlib-stream");
  });

  it("payload compression (IDENTIFY compress: true): dispatches as zlib binary frames", async () => {
    const { fake } = await start();
    const ws = await connect(undefined, "payload");
    ws.send(Op.Identify, identify(Intent.Guilds, { compress: true }));
    expect((await ws.next((m) => m.t === "READY")).s).toBe(1);
    expect(fake.gateway.connections()[0]?.compression).toBe("payload");
  });

  it("shards get the guilds (guild_id >> 22) % num_shards routes to them", async () => {
    const { guilds } = await start();
    const seen: string[][] = [];
    for (const shard of [0, 1]) {
      const ws = await connect();
      ws.send(Op.Identify, identify(Intent.Guilds, { shard: [shard, 2] }));
      const ready = await ws.next((m) => m.t === "READY");
      seen.push((ready.d as { guilds: Array<{ id: string }> }).guilds.map((g) => g.id));
    }
    for (const [shard, ids] of seen.entries()) {
      expect(ids).toEqual(guilds.filter((g) => shardOf(g.id, 2) === shard).map((g) => g.id));
    }
    expect(seen.flat().sort()).toEqual(guilds.map((g) => g.id).sort());
  });
});
