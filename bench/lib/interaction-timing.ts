/**
 * One slash command as a Discord user runs it against the fake, timed as the fake records it: wall-clock ms from the
 * INTERACTION_CREATE it sent to the bot's final answer (a type 4 callback, the edit of @original after a deferral, or
 * the ephemeral follow-up that replaces it).
 */
import type { FakeDiscord, InteractionEvent, InteractionHandle, RecordedMessage } from "../../fake-discord/index.js";
import { sleep } from "./format.js";

export type AnswerKind = "chart" | "embed" | "text" | "notice" | "none";

export interface CommandTiming {
  command: string;
  locale: string;
  /** Wall-clock ms from INTERACTION_CREATE to the final answer; null if none came in time. */
  finalMs: number | null;
  /** Wall-clock ms to the first acknowledgement (Discord's 3-s deadline). */
  callbackMs: number | null;
  kind: AnswerKind;
  /** The notice's text (cooldown, busy, …), or why there was no answer. */
  detail: string;
}

export interface FireRequest {
  /** e.g. "stats members". */
  name: string;
  locale: string;
  guildId: string;
  userId: string;
  options?: Record<string, string>;
  timeoutMs?: number;
}

function isFinal(event: InteractionEvent): boolean {
  return (
    (event.kind === "callback" && event.callbackType === 4) ||
    event.kind === "editOriginal" ||
    event.kind === "followup"
  );
}

function kindOf(message: RecordedMessage | null): AnswerKind {
  if (message === null) return "none";
  if (message.ephemeral) return "notice";
  if (message.attachments.some((a) => a.contentType === "image/png")) return "chart";
  return message.embeds.length > 0 ? "embed" : "text";
}

/** Fires the command now; the function returned waits for its answer. A refused fire is a timing without answer. */
export function fireCommand(fake: FakeDiscord, request: FireRequest): () => Promise<CommandTiming> {
  let handle: InteractionHandle;
  try {
    handle = fake.interactions.fire({
      name: request.name,
      options: request.options,
      locale: request.locale,
      guildId: request.guildId,
      user: request.userId,
    });
  } catch (error) {
    const detail = `the fake refused the command: ${error instanceof Error ? error.message : String(error)}`;
    return async () => ({
      command: request.name,
      locale: request.locale,
      finalMs: null,
      callbackMs: null,
      kind: "none",
      detail,
    });
  }
  const deadline = performance.now() + (request.timeoutMs ?? 30_000);
  return async () => {
    let final = handle.events.find(isFinal);
    while (final === undefined && performance.now() < deadline) {
      await sleep(10);
      final = handle.events.find(isFinal);
    }
    const base = { command: request.name, locale: request.locale, callbackMs: handle.callback()?.elapsedMs ?? null };
    if (final === undefined) {
      const detail = handle.delivered === 0 ? "no bot connected to the gateway" : "no final answer in time";
      return { ...base, finalMs: null, kind: "none", detail };
    }
    const kind = kindOf(final.message);
    return { ...base, finalMs: final.elapsedMs, kind, detail: kind === "notice" ? (final.message?.content ?? "") : "" };
  };
}

/** Fires one command and waits for its final answer. */
export async function runCommand(fake: FakeDiscord, request: FireRequest): Promise<CommandTiming> {
  return fireCommand(fake, request)();
}
