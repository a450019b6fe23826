/**
 * The fake's own HTTP endpoints under /_fake/ (not Discord's API, no bot token): how a person or a script
 * plays the Discord user in front of the bot.
 *   POST /_fake/interactions   {name, options?, locale?, guildLocale?, guildId?, channelId?, userId?, unchecked?,
 *                               timeoutMs?, followupWaitMs?}
 *                              → fires the command and answers once the bot's reply is final, files as base64
 *   GET  /_fake/commands       → the registered commands, global and per guild
 *   GET  /_fake/attachments/{message_id}/{attachment_id}/{filename} → the bytes (the URLs in replies point here)
 */

import type { ServerResponse } from "node:http";
import { InteractionInputError } from "./interaction-input.js";
import type { InteractionRegistry, RecordedMessage } from "./interactions.js";
import type { CommandRegistry } from "./commands.js";
import type { JsonObject } from "./serialize.js";
import type { World } from "./world.js";

export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export interface ReplyFileJson {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
  base64: string;
}

export interface ReplyMessageJson {
  id: string;
  content: string;
  embeds: readonly JsonObject[];
  flags: number;
  ephemeral: boolean;
  attachments: ReplyFileJson[];
  danglingAttachmentRefs: readonly string[];
}

/** POST /_fake/interactions's answer. */
export interface FiredInteractionJson {
  interactionId: string;
  command: string;
  /** Gateway sessions that got INTERACTION_CREATE (0: no bot is connected). */
  delivered: number;
  callbackType: number | null;
  deferred: boolean;
  /** The final @original (null if the bot never answered in time). */
  reply: ReplyMessageJson | null;
  followups: ReplyMessageJson[];
  /** Wall-clock ms from firing to the callback and to the final reply. */
  timings: { callbackMs: number | null; replyMs: number | null };
  error?: string;
}

export interface ControlServices {
  readonly world: World;
  readonly commands: CommandRegistry;
  readonly interactions: InteractionRegistry;
}

type ControlAnswer = { status: number; json: unknown } | { status: number; bytes: Buffer; contentType: string };

export async function answerControl(services: ControlServices, request: ControlRequest): Promise<ControlAnswer> {
  const segments = request.path
    .split("/")
    .filter((s) => s !== "")
    .slice(1);
  const [resource, ...rest] = segments;
  if (request.method === "POST" && resource === "interactions" && rest.length === 0) {
    return fireAndWait(services, request.body);
  }
  if (request.method === "GET" && resource === "commands") {
    const guilds = services.world.guilds().filter((g) => g.access === "member");
    return {
      status: 200,
      json: {
        global: services.commands.list(null).map((c) => c.json),
        guilds: Object.fromEntries(guilds.map((g) => [g.id, services.commands.list(g.id).map((c) => c.json)])),
      },
    };
  }
  if (request.method === "GET" && resource === "attachments" && rest.length >= 2) {
    const attachment = services.interactions.findAttachment(rest[0] ?? "", rest[1] ?? "");
    if (attachment === undefined) return { status: 404, json: { error: "no such attachment" } };
    return { status: 200, bytes: attachment.data, contentType: attachment.contentType };
  }
  return { status: 404, json: { error: `unknown control endpoint ${request.method} ${request.path}` } };
}

async function fireAndWait(services: ControlServices, body: unknown): Promise<ControlAnswer> {
  if (typeof body !== "object" || body === null || typeof (body as { name?: unknown }).name !== "string") {
    return { status: 400, json: { error: 'expected a JSON body with "name" (e.g. "stats members")' } };
  }
  const input = body as Record<string, unknown>;
  const str = (key: string) => (typeof input[key] === "string" ? (input[key] as string) : undefined);
  const timeoutMs = typeof input.timeoutMs === "number" ? input.timeoutMs : 15_000;
  const followupWaitMs = typeof input.followupWaitMs === "number" ? input.followupWaitMs : 0;
  let handle: ReturnType<InteractionRegistry["fire"]>;
  try {
    handle = services.interactions.fire({
      name: String(input.name),
      options: (input.options ?? undefined) as Record<string, string | number | boolean> | undefined,
      locale: str("locale"),
      guildLocale: str("guildLocale"),
      guildId: str("guildId"),
      channelId: str("channelId"),
      user: str("userId"),
      unchecked: input.unchecked === true,
    });
  } catch (error) {
    if (error instanceof InteractionInputError) return { status: 400, json: { error: error.message } };
    throw error;
  }
  let error: string | undefined;
  try {
    await handle.waitForReply(timeoutMs);
    if (followupWaitMs > 0) await new Promise((resolve) => setTimeout(resolve, followupWaitMs));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const callback = handle.callback();
  const replyEvent = handle.events.find(
    (e) => e.message !== null && !e.message.loading && e.message.id === handle.original()?.id,
  );
  const original = handle.original();
  const json: FiredInteractionJson = {
    interactionId: handle.id,
    command: String(input.name),
    delivered: handle.delivered,
    callbackType: callback?.callbackType ?? null,
    deferred: callback?.callbackType === 5,
    reply: original === null || original.loading ? null : messageJson(original),
    followups: handle.followups().map(messageJson),
    timings: { callbackMs: callback?.elapsedMs ?? null, replyMs: replyEvent?.elapsedMs ?? null },
  };
  if (error !== undefined) json.error = error;
  return { status: error === undefined ? 200 : 504, json };
}

function messageJson(message: RecordedMessage): ReplyMessageJson {
  return {
    id: message.id,
    content: message.content,
    embeds: message.embeds,
    flags: message.flags,
    ephemeral: message.ephemeral,
    attachments: message.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: a.url,
      base64: a.data.toString("base64"),
    })),
    danglingAttachmentRefs: message.danglingAttachmentRefs,
  };
}

export function sendControl(res: ServerResponse, answer: ControlAnswer): void {
  if (res.headersSent || res.destroyed) return;
  if ("bytes" in answer) {
    res.writeHead(answer.status, { "Content-Type": answer.contentType, "Content-Length": answer.bytes.length });
    res.end(answer.bytes);
    return;
  }
  const text = JSON.stringify(answer.json);
  res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
