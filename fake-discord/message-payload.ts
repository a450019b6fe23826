/**
 * Message bodies sent by a bot (interaction responses, edits, follow-ups): Discord's limits, checked as
 * Discord checks them, and how a body plus uploaded files becomes the message's content, embeds and
 * attachments. Pure.
 *
 * Limits: content ≤ 2000 characters; ≤ 10 embeds, 6000 characters across them, per-field limits; ≤ 10
 * attachments; a message with nothing in it → 50006.
 * https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 */

import type { UploadedFile } from "./body.js";
import { type FormIssue, formErrors } from "./errors.js";
import type { Json, JsonObject } from "./serialize.js";

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

/** Flags a bot may set on an interaction response or follow-up. */
const SETTABLE_FLAGS =
  MessageFlag.SuppressEmbeds | MessageFlag.Ephemeral | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2;

const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;
const MAX_EMBED_TOTAL = 6000;
const MAX_ATTACHMENTS = 10;
const EMBED_FIELD_LIMITS: ReadonlyArray<readonly [string[], number]> = [
  [["title"], 256],
  [["description"], 4096],
  [["footer", "text"], 2048],
  [["author", "name"], 256],
];
const MAX_FIELDS = 25;

/** A stored attachment: the bytes and what the API reports. */
export interface StoredAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly description: string | null;
}

/** The parts of a message a bot controls. */
export interface MessageDraft {
  content: string;
  embeds: JsonObject[];
  components: Json[];
  flags: number;
  attachments: StoredAttachment[];
  hasPoll: boolean;
}

export function emptyDraft(flags = 0): MessageDraft {
  return { content: "", embeds: [], components: [], flags, attachments: [], hasPoll: false };
}

export function isEmpty(draft: MessageDraft): boolean {
  return (
    draft.content === "" &&
    draft.embeds.length === 0 &&
    draft.components.length === 0 &&
    draft.attachments.length === 0 &&
    !draft.hasPoll
  );
}

const length = (s: string) => [...s].length;
const maxLength = (path: FormIssue["path"], max: number): FormIssue => ({
  path,
  code: "BASE_TYPE_MAX_LENGTH",
  message: `Must be ${max} or fewer in length.`,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Applies a create or edit body to a draft (an edit keeps what the body leaves out). New files are stored
 * through `newAttachmentId`. Throws 400 50035 for an invalid body, its paths under `at` (["data"] for an
 * interaction callback, whose message is its `data`); the caller checks emptiness (50006).
 */
export function applyMessageBody(
  base: MessageDraft,
  body: unknown,
  files: readonly UploadedFile[],
  newAttachmentId: () => string,
  mode: "create" | "edit",
  at: readonly string[] = [],
): MessageDraft {
  if (body !== undefined && body !== null && !isObject(body)) {
    throw formErrors([{ path: at, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }]);
  }
  const data = (body ?? {}) as Record<string, unknown>;
  const issues: FormIssue[] = [];
  const next: MessageDraft = {
    ...base,
    embeds: [...base.embeds],
    components: [...base.components],
    attachments: [...base.attachments],
  };

  if (data.content !== undefined) {
    if (data.content === null) next.content = "";
    else if (typeof data.content !== "string")
      issues.push({ path: ["content"], code: "BASE_TYPE_STRING", message: "Could not interpret value as string." });
    else if (length(data.content) > MAX_CONTENT) issues.push(maxLength(["content"], MAX_CONTENT));
    else next.content = data.content;
  }
  if (data.embeds !== undefined) {
    if (data.embeds === null) next.embeds = [];
    else if (!Array.isArray(data.embeds))
      issues.push({ path: ["embeds"], code: "BASE_TYPE_ARRAY", message: "Must be an array." });
    else if (data.embeds.length > MAX_EMBEDS) issues.push(maxLength(["embeds"], MAX_EMBEDS));
    else {
      issues.push(...embedIssues(data.embeds));
      next.embeds = data.embeds.filter(isObject).map((e) => ({ ...(e as JsonObject), type: "rich" }));
    }
  }
  if (data.components !== undefined)
    next.components = Array.isArray(data.components) ? (data.components as Json[]) : [];
  if (data.poll !== undefined && data.poll !== null) next.hasPoll = true;
  if (data.flags !== undefined && data.flags !== null) {
    if (typeof data.flags !== "number" || !Number.isInteger(data.flags)) {
      issues.push({
        path: ["flags"],
        code: "NUMBER_TYPE_COERCE",
        message: `Value "${String(data.flags)}" is not int.`,
      });
    } else if (mode === "create") {
      next.flags = (base.flags & ~SETTABLE_FLAGS) | (data.flags & SETTABLE_FLAGS);
    } else {
      // Edits may toggle SUPPRESS_EMBEDS and set IS_COMPONENTS_V2; ephemerality never changes.
      next.flags =
        (base.flags & ~MessageFlag.SuppressEmbeds) |
        (data.flags & (MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2));
    }
  }
  next.attachments = applyAttachments(base.attachments, data.attachments, files, newAttachmentId, issues);
  if (issues.length > 0) throw formErrors(issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] })));
  return next;
}

function embedIssues(embeds: unknown[]): FormIssue[] {
  const issues: FormIssue[] = [];
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) {
      issues.push({
        path: ["embeds", i],
        code: "DICT_TYPE_CONVERT",
        message: "Only dictionaries may be used in a DictType",
      });
      return;
    }
    for (const [keys, max] of EMBED_FIELD_LIMITS) {
      let value: unknown = embed;
      for (const key of keys) value = isObject(value) ? value[key] : undefined;
      if (typeof value !== "string") continue;
      total += length(value);
      if (length(value) > max) issues.push(maxLength(["embeds", i, ...keys], max));
    }
    if (Array.isArray(embed.fields)) {
      if (embed.fields.length > MAX_FIELDS) issues.push(maxLength(["embeds", i, "fields"], MAX_FIELDS));
      embed.fields.forEach((field, f) => {
        const at = ["embeds", i, "fields", f];
        if (!isObject(field)) return;
        for (const [key, max] of [
          ["name", 256],
          ["value", 1024],
        ] as const) {
          const value = field[key];
          if (typeof value !== "string")
            issues.push({ path: [...at, key], code: "BASE_TYPE_REQUIRED", message: "This field is required" });
          else {
            total += length(value);
            if (length(value) > max) issues.push(maxLength([...at, key], max));
          }
        }
      });
    }
  });
  if (total > MAX_EMBED_TOTAL) {
    issues.push({
      path: ["embeds"],
      code: "MAX_EMBED_SIZE_EXCEEDED",
      message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`,
    });
  }
  return issues;
}

/**
 * Discord's rule for `attachments`: when given, it lists every attachment the message keeps (existing ids)
 * and every new one (placeholder ids = the n of files[n]); when absent, existing ones stay and every
 * uploaded file is appended. https://discord.com/developers/docs/reference#editing-message-attachments
 */
function applyAttachments(
  existing: readonly StoredAttachment[],
  spec: unknown,
  files: readonly UploadedFile[],
  newAttachmentId: () => string,
  issues: FormIssue[],
): StoredAttachment[] {
  const store = (file: UploadedFile, description: string | null, filename?: string): StoredAttachment => ({
    id: newAttachmentId(),
    filename: sanitizeFilename(filename ?? file.filename),
    contentType: file.contentType,
    data: file.data,
    description,
  });
  let out: StoredAttachment[];
  if (spec === undefined || spec === null) {
    out = [...existing, ...files.map((f) => store(f, null))];
  } else if (!Array.isArray(spec)) {
    issues.push({ path: ["attachments"], code: "BASE_TYPE_ARRAY", message: "Must be an array." });
    return [...existing];
  } else {
    out = [];
    spec.forEach((entry, i) => {
      if (!isObject(entry) || entry.id === undefined) {
        issues.push({ path: ["attachments", i, "id"], code: "BASE_TYPE_REQUIRED", message: "This field is required" });
        return;
      }
      const id = String(entry.id);
      const description = typeof entry.description === "string" ? entry.description : null;
      const kept = existing.find((a) => a.id === id);
      if (kept !== undefined) {
        out.push(description === null ? kept : { ...kept, description });
        return;
      }
      const file = files.find((f) => String(f.index) === id);
      if (file === undefined) {
        issues.push({ path: ["attachments", i], code: "ATTACHMENT_NOT_FOUND", message: "Attachment data not found" });
        return;
      }
      out.push(store(file, description, typeof entry.filename === "string" ? entry.filename : undefined));
    });
  }
  if (out.length > MAX_ATTACHMENTS) issues.push(maxLength(["attachments"], MAX_ATTACHMENTS));
  return out;
}

/**
 * Filenames as Discord stores them (werkzeug's secure_filename, per Discord's staff): ASCII only, whitespace
 * runs to "_", characters outside [A-Za-z0-9_.-] dropped, leading/trailing "._" stripped. `attachment://`
 * references must use the stored name. https://github.com/discord/discord-api-docs/issues/2102
 */
export function sanitizeFilename(name: string): string {
  const ascii = name.normalize("NFKD").replace(/[^ -~\s]/g, "");
  const cleaned = ascii
    .replace(/[/\\]/g, " ")
    .split(/\s+/)
    .filter((p) => p !== "")
    .join("_")
    .replace(/[^A-Za-z0-9_.-]/g, "")
    .replace(/^[._]+|[._]+$/g, "");
  return cleaned === "" ? "unknown" : cleaned;
}

/**
 * Embeds as stored: `attachment://name` URLs point at the stored attachment; a reference to no attachment is
 * dropped from the embed (what Discord does with an unresolvable image) and reported.
 */
export function resolveEmbedAttachments(
  embeds: readonly JsonObject[],
  attachments: readonly StoredAttachment[],
  urlOf: (attachment: StoredAttachment) => string,
): { embeds: JsonObject[]; dangling: string[] } {
  const dangling: string[] = [];
  const resolved = embeds.map((embed) => {
    const out: JsonObject = { ...embed };
    for (const key of ["image", "thumbnail"] as const) {
      const media = out[key];
      if (!isObject(media) || typeof media.url !== "string" || !media.url.startsWith("attachment://")) continue;
      const name = media.url.slice("attachment://".length);
      const attachment = attachments.find((a) => a.filename === name);
      if (attachment === undefined) {
        dangling.push(media.url);
        delete out[key];
      } else {
        const url = urlOf(attachment);
        out[key] = { ...(media as JsonObject), url, proxy_url: url };
      }
    }
    return out;
  });
  return { embeds: resolved, dangling };
}
