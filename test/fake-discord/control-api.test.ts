import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AttachmentBuilder, Events, GatewayIntentBits as I, MessageFlags } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FiredInteractionJson } from "../../fake-discord/control-api.js";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import { type Bot, startBot } from "./gateway-helpers.js";
import { TOKEN } from "./helpers.js";
import { runScript } from "../helpers/exporter-process.js";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("a chart")]);

const world = new World({ seed: 61 });
const guild = world.addGuild({ name: "Demo", preferredLocale: "en-US" });
world.addChannel(guild.id, { name: "general", type: 0 });

let fake: FakeDiscord;
let bot: Bot;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "fire-command-"));
  fake = await startFakeDiscord(world, { token: TOKEN, gateway: { heartbeatIntervalMs: 250 } });
  bot = await startBot(fake, [I.Guilds]);
  await bot.client.application?.commands.set(
    [
      {
        name: "stats",
        description: "Statistics",
        options: [
          {
            type: 1,
            name: "members",
            description: "Members",
            options: [{ type: 4, name: "days", description: "Days", min_value: 1 }],
          },
        ],
      },
      { name: "secret", description: "Ephemeral" },
    ] as never,
    guild.id,
  );
  // The bot under test: a chart for /stats members, in the user's language.
  bot.client.on(Events.InteractionCreate, async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    if (interaction.commandName === "secret") {
      await interaction.reply({ content: "psst", flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.deferReply();
    const days = interaction.options.getInteger("days") ?? 7;
    const greeting = interaction.locale === "ja" ? "メンバー" : "Members";
    await interaction.editReply({
      content: `${greeting}: ${days} days`,
      embeds: [{ title: greeting, image: { url: "attachment://members.png" } }],
      files: [new AttachmentBuilder(PNG, { name: "members.png" })],
    });
    await interaction.followUp({ content: "anything else?" });
  });
});
afterAll(async () => {
  await bot?.client.destroy();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(body: unknown): Promise<{ status: number; json: FiredInteractionJson & { error?: string } }> {
  const response = await fetch(`${fake.baseUrl}/_fake/interactions`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as FiredInteractionJson & { error?: string } };
}

/** scripts/fire-command.ts under tsx, as `npx tsx scripts/fire-command.ts` runs it. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runScript("scripts/fire-command.ts", args, {});
}

describe("POST /_fake/interactions", () => {
  it("fires the command and answers with the final reply, files as base64", async () => {
    const { status, json } = await post({
      name: "stats members",
      options: { days: "30" },
      locale: "ja",
      // The follow-up is one more REST round trip after the reply: 100 ms was too short on a loaded machine.
      followupWaitMs: 500,
    });
    expect(status).toBe(200);
    expect(json).toMatchObject({ command: "stats members", delivered: 1, callbackType: 5, deferred: true });
    expect(json.reply?.content).toBe("メンバー: 30 days");
    expect(json.reply?.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ["members.png", "image/png", PNG.length],
    ]);
    expect(Buffer.from(json.reply?.attachments[0]?.base64 ?? "", "base64")).toEqual(PNG);
    expect(json.followups.map((f) => f.content)).toEqual(["anything else?"]);
    expect(json.timings.replyMs).toBeGreaterThanOrEqual(json.timings.callbackMs ?? 0);
  });

  it("answers 400 with the reason for a command Discord's client would not send", async () => {
    const { status, json } = await post({ name: "stats members", options: { days: "0" } });
    expect(status).toBe(400);
    expect(json.error).toMatch(/at least 1/);
    expect((await post({ name: "nope" })).json.error).toMatch(/registered: stats, secret/);
  });

  it("lists the registered commands", async () => {
    const listed = (await (await fetch(`${fake.baseUrl}/_fake/commands`)).json()) as {
      guilds: Record<string, Array<{ name: string }>>;
    };
    expect(listed.guilds[guild.id]?.map((c) => c.name)).toEqual(["stats", "secret"]);
  });
});

describe("scripts/fire-command.ts", () => {
  it("prints the reply, saves its file, and says so", async () => {
    const out = path.join(dir, "reply.png");
    const { code, stdout, stderr } = await run([
      "--url",
      fake.baseUrl,
      "stats",
      "members",
      "--days",
      "30",
      "--locale",
      "ja",
      "--out",
      out,
      "--followup-wait-ms",
      "500",
    ]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("/stats members → deferred reply");
    expect(stdout).toContain("メンバー: 30 days");
    expect(stdout).toContain("[file] members.png (image/png");
    expect(stdout).toContain("--- follow-up\nanything else?");
    expect(stdout).toContain(`saved ${out}`);
    expect(await readFile(out)).toEqual(PNG);
  });

  it("reports an ephemeral reply and a refused command", async () => {
    const secret = await run(["--url", fake.baseUrl, "secret"]);
    expect(secret.stdout).toContain("/secret → reply (ephemeral)");
    expect(secret.stdout).toContain("psst");
    const refused = await run(["--url", `${fake.url}`, "stats", "members", "--days", "0"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused: .*at least 1/);
  });
});
