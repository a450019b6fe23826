import { ChannelType, type Collection, GatewayIntentBits as I, type GuildMember, type TextChannel } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Intent } from "../../fake-discord/gateway-protocol.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { type Bot, settle, startBot } from "./gateway-helpers.js";
import { DAY, TOKEN } from "./helpers.js";

let now = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 21, now: () => now });
const guild = world.addGuild({ name: "Gateway Guild", memberCount: 42, preferredLocale: "ja" });
const category = world.addChannel(guild.id, { name: "Talk", type: 4 });
const general = world.addChannel(guild.id, { name: "general", type: 0, parentId: category.id });
const hidden = world.addChannel(guild.id, { name: "staff-secrets", type: 0, canView: false });
const lounge = world.addChannel(guild.id, { name: "Lounge", type: 2 });
const stage = world.addChannel(guild.id, { name: "Stage", type: 13 });
const thread = world.addThread(general.id, { name: "active thread", type: 11, createdAtMs: now - DAY });
const hiddenThread = world.addThread(hidden.id, { name: "hidden thread", type: 11, createdAtMs: now - DAY });
world.addMessages(general.id, 50, { fromMs: now - 30 * DAY, toMs: now - DAY });
const alice = world.addUser(guild.id, { username: "alice" });
const bob = world.addUser(guild.id, { username: "bob" });
// Alice was in the lounge before the bot connected: GUILD_CREATE carries her voice state.
world.joinVoice(lounge.id, alice.id, { atMs: now - 60_000 });

let fake: FakeDiscord;
let everything: Bot;
let guildsOnly: Bot;
beforeAll(async () => {
  fake = await startFakeDiscord(world, {
    token: TOKEN,
    gateway: { heartbeatIntervalMs: 250, privilegedIntents: { guildMembers: true } },
  });
  everything = await startBot(fake, [I.Guilds, I.GuildMessages, I.GuildVoiceStates, I.GuildMembers]);
  guildsOnly = await startBot(fake, [I.Guilds]);
});
afterAll(async () => {
  await everything?.client.destroy();
  await guildsOnly?.client.destroy();
  await fake.close();
});

describe("connecting", () => {
  it("identifies with the client's intents over ?v=10&encoding=json without compression", () => {
    const connects = fake.gateway.events.filter((e) => e.kind === "connect");
    expect(connects.map((e) => e.kind === "connect" && e.query)).toEqual([
      "?v=10&encoding=json",
      "?v=10&encoding=json",
    ]);
    const intents = fake.gateway.sessions().map((s) => s.intents);
    expect(intents).toEqual([
      Intent.Guilds | Intent.GuildMessages | Intent.GuildVoiceStates | Intent.GuildMembers,
      Intent.Guilds,
    ]);
    expect(fake.gateway.connections().map((c) => c.compression)).toEqual(["none", "none"]);
    expect(fake.gateway.sessions()[0]?.properties).toMatchObject({ browser: expect.stringContaining("discord") });
  });

  it("builds discord.js's caches from READY and GUILD_CREATE", () => {
    const client = everything.client;
    expect(client.user?.id).toBe(world.botUser.id);
    expect(client.application?.id).toBe(world.applicationId);
    const g = client.guilds.cache.get(guild.id);
    expect(g?.name).toBe("Gateway Guild");
    expect(g?.memberCount).toBe(42);
    expect(g?.preferredLocale).toBe("ja");
    expect(g?.channels.cache.get(general.id)?.name).toBe("general");
    expect(g?.channels.cache.get(category.id)?.type).toBe(ChannelType.GuildCategory);
    // The hidden channel comes obfuscated (Discord's rule from 2026-10-12), its hidden thread not at all.
    expect(g?.channels.cache.get(hidden.id)?.name).toBe("___hidden___");
    expect(client.channels.cache.get(thread.id)?.isThread()).toBe(true);
    expect(client.channels.cache.has(hiddenThread.id)).toBe(false);
    expect(g?.voiceStates.cache.get(alice.id)?.channelId).toBe(lounge.id);
    expect(g?.members.me?.id).toBe(world.botUser.id);
    expect(g?.roles.everyone.id).toBe(guild.id);
    // Permissions follow the world: the bot may view #general, not the hidden channel.
    const me = g?.members.me as GuildMember;
    expect(g?.channels.cache.get(general.id)?.permissionsFor(me)?.has("ViewChannel")).toBe(true);
  });

  it("sends GUILD_CREATE only to sessions with GUILDS, and READY to all", async () => {
    const fakeNoGuilds = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 250 } });
    const bot = await startBot(fakeNoGuilds, [I.GuildMessages]);
    try {
      expect(bot.names()).toContain("READY");
      expect(bot.names()).not.toContain("GUILD_CREATE");
    } finally {
      await bot.client.destroy();
      await fakeNoGuilds.close();
    }
  });
});

describe("dispatches follow the world, filtered by intents", () => {
  it("MESSAGE_CREATE for a message added now, only with GUILD_MESSAGES, content empty", async () => {
    const mark = everything.packets.length;
    const markGuilds = guildsOnly.packets.length;
    const id = world.addMessage(general.id, { authorId: bob.id });
    const packet = await everything.waitForPacket("MESSAGE_CREATE", { since: mark });
    expect(packet.d).toMatchObject({
      id,
      channel_id: general.id,
      guild_id: guild.id,
      content: "",
      author: { id: bob.id },
    });
    expect(packet.s).toBeGreaterThan(0);
    const message = (everything.client.channels.cache.get(general.id) as TextChannel).messages.cache.get(id);
    expect(message?.author.id).toBe(bob.id);
    await settle();
    expect(guildsOnly.names(markGuilds)).not.toContain("MESSAGE_CREATE");
  });

  it("no events for bulk history or back-dated messages, nor for channels the bot cannot view", async () => {
    const mark = everything.packets.length;
    world.addMessages(general.id, 20, { fromMs: now - 2 * DAY, toMs: now - DAY });
    world.addMessage(general.id, { atMs: now - 1000 });
    world.addMessage(hidden.id);
    await settle();
    expect(everything.names(mark)).toEqual([]);
  });

  it("addMessagesNow: one MESSAGE_CREATE per message", async () => {
    const mark = everything.packets.length;
    const added = world.addMessagesNow(general.id, 3);
    await everything.waitForPacket("MESSAGE_CREATE", {
      since: mark,
      where: (d: { id: string }) => d.id === added.lastId,
    });
    expect(everything.names(mark)).toEqual(["MESSAGE_CREATE", "MESSAGE_CREATE", "MESSAGE_CREATE"]);
  });

  it("MESSAGE_DELETE for one message, MESSAGE_DELETE_BULK for several recent ones, singles for old ones", async () => {
    const mark = everything.packets.length;
    const recent = world.addMessagesNow(general.id, 3);
    const ids = world.messageIds(general.id);
    const [oldA, oldB] = ids;
    world.deleteMessages(general.id, [recent.lastId ?? ""]);
    world.deleteMessages(general.id, 2);
    world.deleteMessages(general.id, [oldA ?? "", oldB ?? ""]);
    await everything.waitForPacket("MESSAGE_DELETE", { since: mark, where: (d: { id: string }) => d.id === oldB });
    const deletes = everything.packets.slice(mark).filter((p) => p.t?.startsWith("MESSAGE_DELETE"));
    expect(deletes.map((p) => p.t)).toEqual([
      "MESSAGE_DELETE",
      "MESSAGE_DELETE_BULK",
      "MESSAGE_DELETE",
      "MESSAGE_DELETE",
    ]);
    expect(deletes[0]?.d).toEqual({ id: recent.lastId, channel_id: general.id, guild_id: guild.id });
    expect((deletes[1]?.d as { ids?: string[] } | undefined)?.ids).toHaveLength(2);
  });

  it("CHANNEL_CREATE / UPDATE / DELETE as channels are added, renamed, moved and deleted", async () => {
    const mark = guildsOnly.packets.length;
    const extra = world.addChannel(guild.id, { name: "extra", type: 0 });
    world.renameChannel(extra.id, "renamed");
    world.moveChannel(extra.id, category.id);
    await guildsOnly.waitForPacket("CHANNEL_UPDATE", {
      since: mark,
      where: (d: { parent_id: string }) => d.parent_id === category.id,
    });
    const cached = guildsOnly.client.channels.cache.get(extra.id) as TextChannel;
    expect(cached.name).toBe("renamed");
    expect(cached.parentId).toBe(category.id);
    world.deleteChannel(extra.id);
    await guildsOnly.waitForPacket("CHANNEL_DELETE", { since: mark });
    expect(guildsOnly.client.channels.cache.has(extra.id)).toBe(false);
    expect(guildsOnly.names(mark)).toEqual(["CHANNEL_CREATE", "CHANNEL_UPDATE", "CHANNEL_UPDATE", "CHANNEL_DELETE"]);
  });

  it("deleting a category moves its children to the top: one CHANNEL_UPDATE each", async () => {
    const mark = guildsOnly.packets.length;
    const cat = world.addChannel(guild.id, { name: "Temp", type: 4 });
    const child = world.addChannel(guild.id, { name: "child", type: 0, parentId: cat.id });
    world.deleteChannel(cat.id);
    await guildsOnly.waitForPacket("CHANNEL_UPDATE", { since: mark });
    expect(guildsOnly.names(mark)).toEqual(["CHANNEL_CREATE", "CHANNEL_CREATE", "CHANNEL_DELETE", "CHANNEL_UPDATE"]);
    expect(guildsOnly.packets.at(-1)?.d).toMatchObject({ id: child.id, parent_id: null });
  });

  it("losing View Channel: CHANNEL_UPDATE obfuscated; regaining it: CHANNEL_UPDATE in full and THREAD_LIST_SYNC", async () => {
    const mark = guildsOnly.packets.length;
    const room = world.addChannel(guild.id, { name: "room", type: 0 });
    const roomThread = world.addThread(room.id, { name: "room thread", type: 11 });
    world.setPermissions(room.id, { canView: false });
    const hiddenUpdate = await guildsOnly.waitForPacket("CHANNEL_UPDATE", { since: mark });
    expect(hiddenUpdate.d).toMatchObject({ id: room.id, name: "___hidden___", flags: 1 << 17 });
    world.setPermissions(room.id, { canView: true });
    const sync = await guildsOnly.waitForPacket("THREAD_LIST_SYNC", { since: mark });
    expect(sync.d).toMatchObject({ guild_id: guild.id, channel_ids: [room.id], threads: [{ id: roomThread.id }] });
    expect(guildsOnly.names(mark)).toEqual([
      "CHANNEL_CREATE",
      "THREAD_CREATE",
      "CHANNEL_UPDATE",
      "CHANNEL_UPDATE",
      "THREAD_LIST_SYNC",
    ]);
    expect((guildsOnly.client.channels.cache.get(room.id) as TextChannel).name).toBe("room");
  });

  it("THREAD_CREATE / UPDATE / DELETE for threads created now, archived, unarchived, deleted", async () => {
    const mark = guildsOnly.packets.length;
    const t = world.addThread(general.id, { name: "new thread", type: 11 });
    world.archiveThread(t.id);
    world.unarchiveThread(t.id);
    await guildsOnly.waitForPacket("THREAD_UPDATE", {
      since: mark,
      where: (d: { thread_metadata: { archived: boolean } }) => !d.thread_metadata.archived,
    });
    world.deleteChannel(t.id);
    await guildsOnly.waitForPacket("THREAD_DELETE", { since: mark });
    expect(guildsOnly.names(mark)).toEqual(["THREAD_CREATE", "THREAD_UPDATE", "THREAD_UPDATE", "THREAD_DELETE"]);
    expect(guildsOnly.packets.slice(mark).find((p) => p.t === "THREAD_CREATE")?.d).toMatchObject({
      id: t.id,
      newly_created: true,
    });
    expect(guildsOnly.packets.at(-1)?.d).toEqual({ id: t.id, guild_id: guild.id, parent_id: general.id, type: 11 });
    // A thread in a channel the bot cannot view is not announced.
    const markHidden = guildsOnly.packets.length;
    world.addThread(hidden.id, { name: "secret", type: 11 });
    await settle();
    expect(guildsOnly.names(markHidden)).toEqual([]);
  });

  it("VOICE_STATE_UPDATE on join, move and leave, only with GUILD_VOICE_STATES; stage audiences suppressed", async () => {
    const mark = everything.packets.length;
    const markGuilds = guildsOnly.packets.length;
    const updates: Array<[string | null, string | null]> = [];
    everything.client.on("voiceStateUpdate", (before, after) => {
      if (after.id === bob.id) updates.push([before.channelId, after.channelId]);
    });
    world.joinVoice(lounge.id, bob.id, { selfMute: true });
    world.moveVoice(bob.id, stage.id);
    world.leaveVoice(bob.id);
    await everything.waitForPacket("VOICE_STATE_UPDATE", {
      since: mark,
      where: (d: { channel_id: null }) => d.channel_id === null,
    });
    const packets = everything.packets.slice(mark).filter((p) => p.t === "VOICE_STATE_UPDATE");
    expect(packets.map((p) => (p.d as { channel_id: string | null }).channel_id)).toEqual([lounge.id, stage.id, null]);
    expect(packets[0]?.d).toMatchObject({
      guild_id: guild.id,
      user_id: bob.id,
      self_mute: true,
      suppress: false,
      member: { user: { id: bob.id } },
      session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(packets[1]?.d).toMatchObject({ suppress: true });
    expect(updates).toEqual([
      [null, lounge.id],
      [lounge.id, stage.id],
      [stage.id, null],
    ]);
    await settle();
    expect(guildsOnly.names(markGuilds)).not.toContain("VOICE_STATE_UPDATE");
  });

  it("GUILD_MEMBER_ADD / REMOVE with the privileged GUILD_MEMBERS intent, member_count in step", async () => {
    const mark = everything.packets.length;
    const markGuilds = guildsOnly.packets.length;
    const joined = world.joinMember(guild.id, { username: "newcomer" });
    await everything.waitForPacket("GUILD_MEMBER_ADD", { since: mark });
    const cached = everything.client.guilds.cache.get(guild.id);
    expect(cached?.memberCount).toBe(43);
    expect(world.guild(guild.id)?.memberCount).toBe(43);
    world.leaveMember(guild.id, joined.id);
    const removal = await everything.waitForPacket("GUILD_MEMBER_REMOVE", { since: mark });
    expect(removal.d).toEqual({ guild_id: guild.id, user: expect.objectContaining({ id: joined.id }) });
    expect(cached?.memberCount).toBe(42);
    await settle();
    expect(guildsOnly.names(markGuilds)).toEqual([]);
  });

  it("a raw dispatch reaches only sessions with the intent asked for", async () => {
    const reached = fake.gateway.dispatch(
      guild.id,
      "TYPING_START",
      { channel_id: general.id },
      { intent: Intent.GuildMessages },
    );
    expect(reached).toBe(1);
    await everything.waitForPacket("TYPING_START");
  });

  it("sequence numbers increase by one on every dispatch", () => {
    const seqs = everything.packets.map((p) => p.s);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it("members seen so far are in discord.js's cache", () => {
    const members = everything.client.guilds.cache.get(guild.id)?.members.cache as Collection<string, GuildMember>;
    expect(members.has(world.botUser.id)).toBe(true);
    expect(members.has(alice.id)).toBe(true);
    now += 1000;
  });
});
