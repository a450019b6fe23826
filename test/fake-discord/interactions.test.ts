import {
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  Events,
  GatewayIntentBits as I,
  MessageFlags,
  REST,
  Routes,
} from "discord.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InteractionHandle } from "../../fake-discord/interactions.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { type Bot, startBot } from "./gateway-helpers.js";
import { rejection, TOKEN } from "./helpers.js";

let now = Date.UTC(2026, 5, 15, 12);
const world = new World({ seed: 51, now: () => now });
const guild = world.addGuild({ name: "Stats Guild", preferredLocale: "ja" });
const general = world.addChannel(guild.id, { name: "general", type: 0 });
const member = world.addUser(guild.id, { username: "kenji" });

/** A few bytes with PNG's signature: @discordjs/rest sniffs the content type from them. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("chart-bytes")]);

const COMMANDS = [
  {
    name: "stats",
    description: "Community statistics",
    name_localizations: { ja: "統計" },
    description_localizations: { ja: "コミュニティの統計" },
    options: [
      {
        type: 1,
        name: "members",
        description: "Member counts",
        options: [
          { type: 4, name: "days", description: "How many days", min_value: 1, max_value: 365 },
          { type: 7, name: "channel", description: "A channel" },
        ],
      },
      {
        type: 1,
        name: "messages",
        description: "Message counts",
        options: [
          {
            type: 3,
            name: "period",
            description: "Period",
            required: true,
            choices: [
              { name: "Week", value: "week" },
              { name: "Month", value: "month" },
            ],
          },
        ],
      },
    ],
  },
  { name: "ping", description: "Pong" },
];

type Handler = (interaction: ChatInputCommandInteraction) => Promise<void>;
let handler: Handler = async () => {};
const seen: ChatInputCommandInteraction[] = [];
/** The bot's handling of each interaction by id: resolves with the error it threw, if any. */
const runs = new Map<string, Promise<unknown>>();
const runListeners = new Set<() => void>();

let fake: FakeDiscord;
let bot: Bot;
let rest: REST;
beforeAll(async () => {
  fake = await startFakeDiscord(world, {
    token: TOKEN,
    gateway: { heartbeatIntervalMs: 250 },
    interactions: { attachmentSizeLimit: 64 * 1024 },
    bodyLimits: { maxBodyBytes: 256 * 1024 },
  });
  bot = await startBot(fake, [I.Guilds, I.GuildMessages]);
  bot.client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    seen.push(interaction);
    runs.set(
      interaction.id,
      handler(interaction).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    for (const listener of [...runListeners]) listener();
  });
  rest = new REST({ api: fake.url, retries: 0 }).setToken(TOKEN);
  await bot.client.application?.commands.set(COMMANDS as never, guild.id);
});
afterAll(async () => {
  await bot?.client.destroy();
  await fake?.close();
});
beforeEach(() => {
  handler = async () => {};
});

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

/** Waits until the bot's handler has run for an interaction; what it threw, if anything. */
function handled(handle: InteractionHandle): Promise<unknown> {
  return new Promise<Promise<unknown>>((resolve) => {
    const check = () => {
      const found = runs.get(handle.id);
      if (found === undefined) return false;
      runListeners.delete(listener);
      resolve(found);
      return true;
    };
    const listener = () => void check();
    if (!check()) runListeners.add(listener);
  }).then((run) => run);
}

/** Fires a command the bot leaves to the test to answer over REST (its handler does nothing). */
async function fireUnanswered(options: Parameters<FakeDiscord["interactions"]["fire"]>[0]): Promise<InteractionHandle> {
  const { handle } = await fireAndHandle(options);
  return handle;
}

/** Fires a command and waits until the bot's handler has run; returns the handle and what the handler threw. */
async function fireAndHandle(
  options: Parameters<FakeDiscord["interactions"]["fire"]>[0],
): Promise<{ handle: InteractionHandle; handlerError: unknown }> {
  const handle = fake.interactions.fire(options);
  return { handle, handlerError: await handled(handle) };
}

describe("registering commands", () => {
  it("client.application.commands.set() bulk-overwrites the guild's commands; ids stay stable per name", async () => {
    const first = fake.commands(guild.id);
    expect(first.map((c) => c.name)).toEqual(["stats", "ping"]);
    const again = await bot.client.application?.commands.set(COMMANDS as never, guild.id);
    expect(again?.map((c) => c.id)).toEqual(first.map((c) => c.id));
    expect(fake.commands(guild.id).map((c) => c.version)).toEqual(first.map((c) => c.version));
    const stats = again?.find((c) => c.name === "stats");
    expect(stats?.nameLocalizations).toEqual({ ja: "統計" });
    expect(stats?.applicationId).toBe(world.applicationId);
    expect(stats?.guildId).toBe(guild.id);
  });

  it("GET lists them, localized for X-Discord-Locale unless with_localizations=true", async () => {
    const listed = (await rest.get(Routes.applicationGuildCommands(world.applicationId, guild.id), {
      headers: { "X-Discord-Locale": "ja" },
    })) as Array<Record<string, unknown>>;
    expect(listed[0]).toMatchObject({
      name: "stats",
      name_localized: "統計",
      description_localized: "コミュニティの統計",
    });
    expect(listed[0]?.name_localizations).toBeUndefined();
    const full = (await rest.get(Routes.applicationGuildCommands(world.applicationId, guild.id), {
      query: new URLSearchParams({ with_localizations: "true" }),
    })) as Array<Record<string, unknown>>;
    expect(full[0]?.name_localizations).toEqual({ ja: "統計" });
  });

  it("answers 50035 with Discord's error tree for invalid definitions", async () => {
    const error = await apiError(
      rest.put(Routes.applicationGuildCommands(world.applicationId, guild.id), {
        body: [
          { name: "Stats", description: "upper case" },
          {
            name: "ok",
            description: "",
            options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: "d" })),
          },
          { name: "loc", description: "d", name_localizations: { klingon: "x" } },
          { name: "opt", description: "d", options: [{ type: 99, name: "x", description: "d" }] },
        ],
      }),
    );
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(error.rawError).toMatchObject({
      message: "Invalid Form Body",
      code: 50035,
      errors: {
        "0": { name: { _errors: [{ code: "APPLICATION_COMMAND_INVALID_NAME", message: "Command name is invalid" }] } },
        "1": {
          description: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] },
          options: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 25 or fewer in length." }] },
        },
        "2": { name_localizations: { klingon: { _errors: [{ code: "BASE_TYPE_CHOICES" }] } } },
        "3": { options: { "0": { type: { _errors: [{ code: "BASE_TYPE_CHOICES" }] } } } },
      },
    });
    expect(error.message).toContain("0.name[APPLICATION_COMMAND_INVALID_NAME]");
    // Nothing was replaced.
    expect(fake.commands(guild.id).map((c) => c.name)).toEqual(["stats", "ping"]);
  });

  it("403 50001 in a guild without the applications.commands scope", async () => {
    const noScope = world.addGuild({ name: "No scope", applicationCommandsScope: false });
    const error = await apiError(
      rest.put(Routes.applicationGuildCommands(world.applicationId, noScope.id), { body: [] }),
    );
    expect([error.status, error.code]).toEqual([403, 50001]);
    world.setCommandsScope(noScope.id, true);
    expect(await rest.put(Routes.applicationGuildCommands(world.applicationId, noScope.id), { body: [] })).toEqual([]);
  });
});

describe("answering an interaction", () => {
  it("deferReply then editReply with a PNG and an embed: the fake records the file bytes exactly", async () => {
    handler = async (interaction) => {
      await interaction.deferReply();
      await interaction.editReply({
        content: `${interaction.options.getSubcommand()} for ${interaction.options.getInteger("days")} days`,
        files: [new AttachmentBuilder(PNG, { name: "chart.png" })],
        embeds: [{ title: "Members", image: { url: "attachment://chart.png" } }],
      });
    };
    const { handle } = await fireAndHandle({
      name: "stats members",
      options: { days: "30" },
      locale: "ja",
      user: member.id,
    });
    const reply = await handle.waitForReply();
    expect(reply.content).toBe("members for 30 days");
    expect(reply.attachments).toHaveLength(1);
    expect(reply.attachments[0]).toMatchObject({ filename: "chart.png", contentType: "image/png", size: PNG.length });
    expect(Buffer.compare(reply.attachments[0]?.data ?? Buffer.alloc(0), PNG)).toBe(0);
    // The embed's attachment:// URL points at the stored file, as Discord rewrites it to its CDN.
    expect(reply.embeds[0]).toMatchObject({ title: "Members", image: { url: reply.attachments[0]?.url } });
    expect(reply.danglingAttachmentRefs).toEqual([]);
    const served = await fetch(reply.attachments[0]?.url ?? "");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    expect(handle.events.map((e) => e.kind)).toEqual(["callback", "editOriginal"]);
    expect(handle.callback()?.callbackType).toBe(5);
    expect(handle.events[1]?.files.map((f) => [f.field, f.name, f.contentType])).toEqual([
      ["files[0]", "chart.png", "image/png"],
    ]);
    expect(handle.events[1]?.atMs).toBe(0);
    // What discord.js sends: the callback always with ?with_response=false, the edit as multipart, no bot token.
    const calls = fake.requests.filter((r) => r.path.includes(handle.id) || r.path.includes(":token"));
    expect(calls.slice(-2).map((r) => [r.method, r.route, r.query])).toEqual([
      ["POST", "/interactions/:id/:token/callback", { with_response: "false" }],
      ["PATCH", "/webhooks/:id/:token/messages/@original", {}],
    ]);
    expect(handle.events[1]?.elapsedMs).toBeGreaterThanOrEqual(handle.events[0]?.elapsedMs ?? 0);
  });

  it("the interaction carries Discord's fields: options typed from the definition, locales, member, app_permissions", async () => {
    const { handle } = await fireAndHandle({
      name: "stats members",
      options: { days: 7, channel: general.id },
      locale: "ja",
    });
    const interaction = seen.at(-1) as ChatInputCommandInteraction;
    expect(interaction.commandName).toBe("stats");
    expect(interaction.options.getSubcommand()).toBe("members");
    expect(interaction.options.getInteger("days")).toBe(7);
    expect(interaction.options.getChannel("channel")?.id).toBe(general.id);
    expect(interaction.locale).toBe("ja");
    expect(interaction.guildLocale).toBe("ja");
    expect(interaction.user.id).toBe(guild.ownerId);
    expect(interaction.channelId).toBe(general.id);
    expect(interaction.appPermissions?.has("AttachFiles")).toBe(true);
    expect(handle.payload).toMatchObject({
      type: 2,
      application_id: world.applicationId,
      data: {
        name: "stats",
        type: 1,
        options: [
          {
            name: "members",
            type: 1,
            options: [
              { name: "days", type: 4, value: 7 },
              { name: "channel", type: 7 },
            ],
          },
        ],
        resolved: { channels: { [general.id]: { id: general.id, name: "general", type: 0 } } },
        guild_id: guild.id,
      },
      guild_id: guild.id,
      locale: "ja",
      guild_locale: "ja",
      version: 1,
    });
  });

  it("checks options as Discord's client does, unless unchecked", async () => {
    expect(() => fake.interactions.fire({ name: "stats members", options: { days: 0 } })).toThrow(/at least 1/);
    expect(() => fake.interactions.fire({ name: "stats messages", options: {} })).toThrow(/required/);
    expect(() => fake.interactions.fire({ name: "stats messages", options: { period: "year" } })).toThrow(/one of/);
    expect(() => fake.interactions.fire({ name: "stats" })).toThrow(/needs a subcommand/);
    expect(() => fake.interactions.fire({ name: "nope" })).toThrow(/not registered/);
    const unchecked = fake.interactions.fire({ name: "stats members", options: { days: 0 }, unchecked: true });
    expect(unchecked.payload).toMatchObject({ data: { options: [{ options: [{ name: "days", value: 0 }] }] } });
    await handled(unchecked);
  });

  it("a type 4 reply in the channel is a real message: it counts, and MESSAGE_CREATE comes; ephemeral ones do not", async () => {
    const before = world.messageCount(general.id, { bot: true });
    const mark = bot.packets.length;
    handler = async (interaction) => {
      await interaction.reply({ content: "pong" });
    };
    const { handle: visible } = await fireAndHandle({ name: "ping" });
    const reply = await visible.waitForReply();
    expect(reply).toMatchObject({ content: "pong", ephemeral: false, loading: false });
    expect(world.messageIds(general.id)).toContain(reply.id);
    expect(world.messageCount(general.id, { bot: true })).toBe(before + 1);
    const created = await bot.waitForPacket("MESSAGE_CREATE", {
      since: mark,
      where: (d: { id: string }) => d.id === reply.id,
    });
    expect(created.d).toMatchObject({
      type: 20,
      content: "pong",
      author: { id: world.botUser.id },
      interaction_metadata: { id: visible.id },
    });

    handler = async (interaction) => {
      await interaction.reply({ content: "only you", flags: MessageFlags.Ephemeral });
    };
    const { handle: hidden } = await fireAndHandle({ name: "ping" });
    expect(await hidden.waitForReply()).toMatchObject({ ephemeral: true, flags: MessageFlags.Ephemeral });
    expect(world.messageCount(general.id, { bot: true })).toBe(before + 1);
  });

  it("follow-ups, a follow-up right after a deferral (it edits @original), deleting @original", async () => {
    handler = async (interaction) => {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.followUp({ content: "done" });
      await interaction.followUp({ content: "and one more" });
    };
    const { handle } = await fireAndHandle({ name: "ping" });
    expect(handle.events.map((e) => e.kind)).toEqual(["callback", "editOriginal", "followup"]);
    expect(handle.original()).toMatchObject({ content: "done", ephemeral: true });
    expect(handle.followups().map((m) => m.content)).toEqual(["and one more"]);
    expect(fake.requests.filter((r) => r.route === "/webhooks/:id/:token").at(-1)?.query).toEqual({ wait: "true" });

    const countBefore = world.messageCount(general.id);
    handler = async (interaction) => {
      await interaction.reply("temporary");
      await interaction.deleteReply();
    };
    const { handle: deleted } = await fireAndHandle({ name: "ping" });
    expect(deleted.events.map((e) => e.kind)).toEqual(["callback", "deleteOriginal"]);
    expect(deleted.original()?.deleted).toBe(true);
    expect(world.messageCount(general.id)).toBe(countBefore);
    const gone = await apiError(
      rest.get(Routes.webhookMessage(world.applicationId, deleted.token, "@original"), { auth: false }),
    );
    expect([gone.status, gone.code]).toEqual([404, 10008]);
  });

  it("with_response=true answers 200 with the callback response", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    const response = await rest.post(Routes.interactionCallback(handle.id, handle.token), {
      body: { type: 4, data: { content: "hi" } },
      query: new URLSearchParams({ with_response: "true" }),
      auth: false,
    });
    expect(response).toMatchObject({
      interaction: { id: handle.id, type: 2, response_message_loading: false, response_message_ephemeral: false },
      resource: { type: 4, message: { content: "hi", type: 20 } },
    });
    const original = await rest.patch(Routes.webhookMessage(world.applicationId, handle.token, "@original"), {
      body: { content: "edited" },
      auth: false,
    });
    expect(original).toMatchObject({
      id: handle.original()?.id,
      content: "edited",
      edited_timestamp: expect.any(String),
    });
  });

  it("an embed referencing a file that was not uploaded loses its image, and the fake reports it", async () => {
    handler = async (interaction) => {
      await interaction.reply({ embeds: [{ title: "t", image: { url: "attachment://missing.png" } }] });
    };
    const { handle } = await fireAndHandle({ name: "ping" });
    const reply = await handle.waitForReply();
    expect(reply.danglingAttachmentRefs).toEqual(["attachment://missing.png"]);
    expect(reply.embeds[0]?.image).toBeUndefined();
  });
});

describe("what Discord refuses", () => {
  const callback = (handle: InteractionHandle, body: unknown, files?: Array<{ name: string; data: Buffer }>) =>
    rest.post(Routes.interactionCallback(handle.id, handle.token), { body, files, auth: false });
  const edit = (handle: InteractionHandle, body: unknown, files?: Array<{ name: string; data: Buffer }>) =>
    rest.patch(Routes.webhookMessage(world.applicationId, handle.token, "@original"), { body, files, auth: false });

  it("40060 for a second acknowledgement", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    await callback(handle, { type: 5 });
    const error = await apiError(callback(handle, { type: 4, data: { content: "again" } }));
    expect([error.status, error.code, error.message]).toEqual([
      400,
      40060,
      "Interaction has already been acknowledged.",
    ]);
  });

  it("10062 after the 3 s deadline (injected clock), and for an unknown id or token", async () => {
    handler = async (interaction) => {
      now += 3001;
      await interaction.deferReply();
    };
    const { handlerError } = await fireAndHandle({ name: "ping" });
    const late = handlerError as DiscordAPIError;
    handler = async () => {};
    expect(late).toBeInstanceOf(DiscordAPIError);
    expect([late.status, late.code, late.message]).toEqual([404, 10062, "Unknown interaction"]);
    const handle = await fireUnanswered({ name: "ping" });
    const wrongToken = await apiError(
      rest.post(Routes.interactionCallback(handle.id, "not-the-token"), { body: { type: 5 }, auth: false }),
    );
    expect(wrongToken.code).toBe(10062);
    const wrongId = await apiError(
      rest.post(Routes.interactionCallback("123456789012345678", handle.token), { body: { type: 5 }, auth: false }),
    );
    expect(wrongId.code).toBe(10062);
    // After the deadline without an answer the token is invalidated too.
    now += 3001;
    const dead = await apiError(edit(handle, { content: "x" }));
    expect([dead.status, dead.code]).toEqual([401, 50027]);
  });

  it("401 50027 once the token's 15 minutes are over, 404 10015 before the first acknowledgement", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    const early = await apiError(edit(handle, { content: "too early" }));
    expect([early.status, early.code]).toEqual([404, 10015]);
    await callback(handle, { type: 5 });
    await edit(handle, { content: "in time" });
    now += 15 * 60_000 + 1;
    const expired = await apiError(edit(handle, { content: "too late" }));
    expect([expired.status, expired.code, expired.message]).toEqual([401, 50027, "Invalid Webhook Token"]);
    const bogus = await apiError(
      rest.post(Routes.webhook(world.applicationId, "bogus-token"), { body: { content: "x" }, auth: false }),
    );
    expect(bogus.code).toBe(50027);
  });

  it("50035 for content over 2000 characters, more than 10 embeds, embeds over 6000 characters, a bad callback type", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    const long = await apiError(callback(handle, { type: 4, data: { content: "x".repeat(2001) } }));
    expect(long.rawError).toMatchObject({
      code: 50035,
      errors: {
        data: { content: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: "Must be 2000 or fewer in length." }] } },
      },
    });
    const embeds = await apiError(
      callback(handle, { type: 4, data: { embeds: Array.from({ length: 11 }, () => ({ title: "t" })) } }),
    );
    expect(embeds.rawError).toMatchObject({
      errors: { data: { embeds: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } } },
    });
    const big = await apiError(
      callback(handle, {
        type: 4,
        data: { embeds: [{ description: "d".repeat(4000) }, { description: "d".repeat(2001) }] },
      }),
    );
    expect(big.rawError).toMatchObject({
      errors: { data: { embeds: { _errors: [{ code: "MAX_EMBED_SIZE_EXCEEDED" }] } } },
    });
    const type = await apiError(callback(handle, { type: 7 }));
    expect(type.rawError).toMatchObject({ errors: { type: { _errors: [{ code: "BASE_TYPE_CHOICES" }] } } });
    // None of these acknowledged the interaction.
    await callback(handle, { type: 4, data: { content: "finally" } });
  });

  it("50006 for an empty message (callback or edit), 50035 for more than 10 attachments or a missing file", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    const empty = await apiError(callback(handle, { type: 4, data: { content: "" } }));
    expect([empty.status, empty.code, empty.message]).toEqual([400, 50006, "Cannot send an empty message"]);
    await callback(handle, { type: 5 });
    expect((await apiError(edit(handle, { content: "" }))).code).toBe(50006);
    const files = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.png`, data: PNG }));
    const tooMany = await apiError(edit(handle, { content: "x" }, files));
    expect(tooMany.rawError).toMatchObject({
      errors: { attachments: { _errors: [{ code: "BASE_TYPE_MAX_LENGTH" }] } },
    });
    const missing = await apiError(edit(handle, { content: "x", attachments: [{ id: "3", filename: "a.png" }] }));
    expect(missing.rawError).toMatchObject({
      errors: { attachments: { "0": { _errors: [{ code: "ATTACHMENT_NOT_FOUND" }] } } },
    });
  });

  it("413 40005 for a file over attachment_size_limit or a request over the body limit", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    expect(handle.payload.attachment_size_limit).toBe(64 * 1024);
    await callback(handle, { type: 5 });
    const file = await apiError(
      edit(handle, { content: "x" }, [{ name: "big.png", data: Buffer.alloc(64 * 1024 + 1) }]),
    );
    expect([file.status, file.code, file.message]).toEqual([413, 40005, "Request entity too large"]);
    const body = await apiError(
      edit(
        handle,
        { content: "x" },
        Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.png`, data: Buffer.alloc(60 * 1024) })),
      ),
    );
    expect([body.status, body.code]).toEqual([413, 40005]);
  });

  it("50109 for a body that is not JSON", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    const response = await fetch(`${fake.url}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "The request body contains invalid JSON.", code: 50109 });
  });

  it("interaction routes need no bot token and are logged without their token", async () => {
    const handle = await fireUnanswered({ name: "ping" });
    await callback(handle, { type: 5 });
    const logged = fake.requests.filter((r) => r.route === "/interactions/:id/:token/callback");
    expect(logged.at(-1)?.path).toBe(`/interactions/${handle.id}/:token/callback`);
    expect(JSON.stringify(fake.requests)).not.toContain(handle.token);
  });
});
