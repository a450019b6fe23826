import { Events, GatewayIntentBits as I } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { RESUME_PATH } from "../../fake-discord/gateway-server.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { type Bot, startBot } from "./gateway-helpers.js";
import { rejection, TOKEN } from "./helpers.js";

function makeWorld() {
  const world = new World({ seed: 31 });
  const guild = world.addGuild({ name: "G" });
  const general = world.addChannel(guild.id, { name: "general", type: 0 });
  return { world, guild, general };
}

let fake: FakeDiscord | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.client.destroy();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

async function start(options: Parameters<typeof startFakeDiscord>[1]["gateway"] = {}) {
  const { world, general } = makeWorld();
  fake = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 250, ...options } });
  bot = await startBot(fake, [I.Guilds, I.GuildMessages], { noIdentifyThrottle: true });
  return { world, general, fake, bot };
}

describe("resuming", () => {
  it("after an abrupt drop, resumes on resume_gateway_url and receives what happened meanwhile", async () => {
    const { world, general, fake, bot } = await start();
    const mark = fake.gateway.mark();
    const sessionId = fake.gateway.sessions()[0]?.sessionId;
    expect(fake.gateway.dropConnections()).toBe(1);
    // discord.js waits 500 ms before reconnecting: these happen while it is away.
    const missed = [world.addMessage(general.id), world.addMessage(general.id)];
    const resume = await fake.gateway.waitForResume({ since: mark });
    expect(resume).toMatchObject({ sessionId, replayed: 2 });
    const connect = fake.gateway.events.slice(mark).find((e) => e.kind === "connect");
    expect(connect).toMatchObject({ path: RESUME_PATH });
    for (const id of missed) {
      await bot.waitForPacket("MESSAGE_CREATE", { where: (d: { id: string }) => d.id === id });
    }
    await bot.waitForPacket("RESUMED");
    // No new IDENTIFY, the same session, and the sequence kept counting.
    expect(fake.gateway.events.slice(mark).some((e) => e.kind === "identify")).toBe(false);
    expect(fake.gateway.sessions().map((s) => s.sessionId)).toEqual([sessionId]);
    const seqs = bot.packets.map((p) => p.s);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it("after a close with a resumable code (4000), resumes as well", async () => {
    const { fake } = await start();
    const mark = fake.gateway.mark();
    fake.gateway.dropConnections(4000);
    expect(await fake.gateway.waitForResume({ since: mark })).toMatchObject({ replayed: 0 });
  });

  it("op 7 RECONNECT: the client closes, reconnects and resumes", async () => {
    const { world, general, fake, bot } = await start();
    const mark = fake.gateway.mark();
    const reconnecting = new Promise<void>((resolve) => bot.client.once(Events.ShardReconnecting, () => resolve()));
    expect(fake.gateway.requestReconnect()).toBe(1);
    await reconnecting;
    const id = world.addMessage(general.id);
    await fake.gateway.waitForResume({ since: mark });
    await bot.waitForPacket("MESSAGE_CREATE", { where: (d: { id: string }) => d.id === id });
    // discord.js closes with 4200 (its "resuming" code), which keeps the session.
    expect(await fake.gateway.waitForClose({ since: mark })).toMatchObject({ by: "client", code: 4200 });
  });

  it("op 9 INVALID_SESSION resumable: the client resumes on the same connection", async () => {
    const { fake } = await start();
    const mark = fake.gateway.mark();
    expect(fake.gateway.invalidateSessions(true)).toBe(1);
    const resume = await fake.gateway.waitForResume({ since: mark });
    expect(resume.replayed).toBe(0);
    expect(fake.gateway.events.slice(mark).some((e) => e.kind === "close")).toBe(false);
  });

  it("op 9 INVALID_SESSION not resumable: the client identifies a new session", async () => {
    const { world, general, fake, bot } = await start();
    const mark = fake.gateway.mark();
    const before = fake.gateway.sessions()[0]?.sessionId;
    const packets = bot.packets.length;
    fake.gateway.invalidateSessions(false);
    const ready = await fake.gateway.waitForReady({ since: mark });
    await bot.waitForPacket("READY", { since: packets });
    expect(ready.sessionId).not.toBe(before);
    expect(fake.gateway.sessions().map((s) => s.sessionId)).toEqual([ready.sessionId]);
    const id = world.addMessage(general.id);
    await bot.waitForPacket("MESSAGE_CREATE", { where: (d: { id: string }) => d.id === id });
  });

  it("a resume the server cannot honour (session gone) gets INVALID_SESSION and a fresh IDENTIFY", async () => {
    const { fake, bot } = await start({ resumeWindowMs: 1 });
    const mark = fake.gateway.mark();
    const packets = bot.packets.length;
    fake.gateway.dropConnections();
    const resume = await fake.gateway.waitForResume({ since: mark });
    expect(resume.replayed).toBeNull();
    await fake.gateway.waitForReady({ since: mark });
    // Destroying a discord.js client before it has READY makes it reconnect on its own: wait for it.
    await bot.waitForPacket("READY", { since: packets });
  });
});

describe("refusals the client sees", () => {
  it("4004 Authentication failed once the token is reset in the developer portal", async () => {
    const { fake, bot } = await start();
    const disconnected = new Promise<number>((resolve) =>
      bot.client.once(Events.ShardDisconnect, (event) => resolve(event.code)),
    );
    fake.setToken("a-new-token");
    fake.gateway.dropConnections();
    expect(await disconnected).toBe(4004);
    expect(await fake.gateway.waitForClose({ where: (e) => e.code === 4004 })).toMatchObject({
      by: "server",
      reason: "Authentication failed",
    });
  });

  it("a wrong token is refused on REST before the gateway (discord.js reports TokenInvalid)", async () => {
    const { world } = makeWorld();
    fake = await startFakeDiscord(world, { token: TOKEN });
    const error = await rejection(startBot(fake, [I.Guilds], { token: "wrong-token" }));
    expect(String(error)).toMatch(/invalid token/i);
    expect(fake.gateway.events).toEqual([]);
  });

  it("4014 Disallowed intent(s) for a privileged intent not enabled in the portal", async () => {
    const { world } = makeWorld();
    fake = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 250 } });
    const error = await rejection(startBot(fake, [I.Guilds, I.GuildMembers]));
    expect(String(error)).toMatch(/disallowed intents/i);
    const identify = await fake.gateway.waitForIdentify();
    expect(identify.close).toEqual({ code: 4014, reason: "Disallowed intent(s)" });
    expect(fake.gateway.sessions()).toEqual([]);
    // Flipping the switch in the portal lets the next IDENTIFY through.
    fake.gateway.setPrivilegedIntents({ guildMembers: true });
    bot = await startBot(fake, [I.Guilds, I.GuildMembers]);
    expect(fake.gateway.sessions()).toHaveLength(1);
  });

  it("MESSAGE_CONTENT and GUILD_PRESENCES are privileged too", async () => {
    const { world } = makeWorld();
    fake = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 250 } });
    for (const intent of [I.MessageContent, I.GuildPresences]) {
      const error = await rejection(startBot(fake, [I.Guilds, intent]));
      expect(String(error)).toMatch(/disallowed intents/i);
    }
  });
});
