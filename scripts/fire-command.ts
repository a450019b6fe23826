/**
 * Runs a slash command against a running fake Discord (`npm run demo`, or `tsx fake-discord/main.ts`) as a
 * Discord user would, prints the bot's reply and saves its files. No Discord account needed.
 *
 *   npx tsx scripts/fire-command.ts --url http://127.0.0.1:3210 stats members --days 30 --locale ja --out reply.png
 *
 * Words before the first --flag are the command and its subcommand(s); any --name value that is not one of
 * this script's own flags is a command option.
 */

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FiredInteractionJson, ReplyMessageJson } from "../fake-discord/control-api.js";

const OWN_FLAGS: Record<string, string> = {
  url: "Base URL of the fake (default http://127.0.0.1:3210)",
  locale: "The user's client language, e.g. ja, en-US (default en-US)",
  "guild-locale": "Override the guild's language",
  guild: "Guild id (default: the first guild the bot is in)",
  channel: "Channel id (default: the guild's first text channel the bot can see)",
  user: "Id of the user running the command (default: the guild's owner)",
  out: "Save the first file here",
  "out-dir": "Save every file into this directory, under its own name",
  "timeout-ms": "How long to wait for the final reply (default 15000)",
  "followup-wait-ms": "After the reply, wait this long for follow-ups (default 0)",
  unchecked: "Skip Discord's client-side checks (required options, choices, min/max)",
  json: "Print the raw answer as JSON",
  help: "Show this help",
};
const BOOLEAN_FLAGS = new Set(["unchecked", "json", "help"]);

interface Parsed {
  words: string[];
  flags: Record<string, string>;
  options: Record<string, string>;
}

function parseCommandLine(argv: readonly string[]): Parsed {
  const parsed: Parsed = { words: [], flags: {}, options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) {
      if (Object.keys(parsed.options).length > 0) throw new Error(`unexpected "${arg}" after the command's options`);
      parsed.words.push(arg);
      continue;
    }
    const [name = "", inline] = arg.slice(2).split(/=(.*)/s);
    const next = argv[i + 1];
    const takesValue = !BOOLEAN_FLAGS.has(name) && inline === undefined && next !== undefined && !next.startsWith("--");
    const value = inline ?? (takesValue ? next : "true");
    if (takesValue) i++;
    if (name in OWN_FLAGS) parsed.flags[name] = value ?? "true";
    else parsed.options[name] = value ?? "true";
  }
  return parsed;
}

function usage(): string {
  const width = Math.max(...Object.keys(OWN_FLAGS).map((k) => k.length)) + 4;
  return [
    "Usage: npx tsx scripts/fire-command.ts [--url URL] <command> [subcommand...] [--option value...] [flags]",
    "",
    "Flags:",
    ...Object.entries(OWN_FLAGS).map(([k, v]) => `  --${k.padEnd(width)} ${v}`),
    "",
    "Example: npx tsx scripts/fire-command.ts stats members --days 30 --locale ja --out reply.png",
    "",
  ].join("\n");
}

function describeMessage(message: ReplyMessageJson): string[] {
  const lines: string[] = [];
  if (message.content !== "") lines.push(message.content);
  for (const embed of message.embeds) {
    const title = typeof embed.title === "string" ? embed.title : "";
    const description = typeof embed.description === "string" ? embed.description : "";
    lines.push(`[embed] ${[title, description].filter((s) => s !== "").join(" — ")}`);
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    for (const field of fields as Array<{ name?: string; value?: string }>)
      lines.push(`  ${field.name}: ${field.value}`);
    const image = embed.image as { url?: string } | undefined;
    if (image?.url !== undefined) lines.push(`  image: ${image.url}`);
  }
  for (const file of message.attachments)
    lines.push(`[file] ${file.filename} (${file.contentType}, ${file.size} bytes)`);
  for (const ref of message.danglingAttachmentRefs)
    lines.push(`[warning] an embed points at ${ref}, which is not attached`);
  return lines;
}

async function main(): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${String(error)}\n\n${usage()}`);
    return 2;
  }
  const { words, flags, options } = parsed;
  if (flags.help !== undefined || words.length === 0) {
    process.stdout.write(usage());
    return flags.help !== undefined ? 0 : 2;
  }
  const base = (flags.url ?? "http://127.0.0.1:3210").replace(/\/+$/, "").replace(/\/api$/, "");
  const body = {
    name: words.join(" "),
    options,
    locale: flags.locale,
    guildLocale: flags["guild-locale"],
    guildId: flags.guild,
    channelId: flags.channel,
    userId: flags.user,
    unchecked: flags.unchecked === "true",
    timeoutMs: flags["timeout-ms"] === undefined ? undefined : Number(flags["timeout-ms"]),
    followupWaitMs: flags["followup-wait-ms"] === undefined ? undefined : Number(flags["followup-wait-ms"]),
  };
  let response: Response;
  try {
    response = await fetch(`${base}/_fake/interactions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    process.stderr.write(`Cannot reach the fake Discord at ${base}: ${String(error)}\nIs it running (npm run demo)?\n`);
    return 1;
  }
  const answer = (await response.json()) as FiredInteractionJson & { error?: string };
  if (response.status === 400) {
    process.stderr.write(`Refused: ${answer.error}\n`);
    return 1;
  }
  if (flags.json !== undefined) {
    process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    return response.ok ? 0 : 1;
  }
  const kind = answer.callbackType === 5 ? "deferred reply" : answer.callbackType === 4 ? "reply" : "no reply";
  const timing = answer.timings.replyMs === null ? "" : ` after ${Math.round(answer.timings.replyMs)} ms`;
  process.stdout.write(`/${body.name} → ${kind}${answer.reply?.ephemeral ? " (ephemeral)" : ""}${timing}\n`);
  if (answer.delivered === 0) process.stdout.write("No bot is connected to the fake's gateway.\n");
  const messages = [...(answer.reply === null ? [] : [answer.reply]), ...answer.followups];
  for (const [i, message] of messages.entries()) {
    if (i > 0) process.stdout.write("--- follow-up\n");
    for (const line of describeMessage(message)) process.stdout.write(`${line}\n`);
  }
  const files = messages.flatMap((m) => m.attachments);
  for (const [i, file] of files.entries()) {
    const target =
      i === 0 && flags.out !== undefined
        ? flags.out
        : flags["out-dir"] !== undefined
          ? path.join(flags["out-dir"], path.basename(file.filename))
          : undefined;
    if (target === undefined) continue;
    await mkdir(path.dirname(path.resolve(target)), { recursive: true });
    await writeFile(target, Buffer.from(file.base64, "base64"));
    process.stdout.write(`saved ${target}\n`);
  }
  if (files.length > 0 && flags.out === undefined && flags["out-dir"] === undefined) {
    process.stdout.write("(use --out FILE or --out-dir DIR to save the files)\n");
  }
  if (answer.error !== undefined) {
    process.stderr.write(`${answer.error}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
