/**
 * Request bodies as Discord takes them: JSON, or multipart/form-data with `payload_json` and `files[n]`.
 * Too big → 413 40005; not JSON → 400 50109. Reading is I/O; `parseBody` is pure.
 */

import type { IncomingMessage } from "node:http";
import { entityTooLarge, formErrors, invalidJson } from "./errors.js";
import { multipartBoundary, parseMultipart } from "./multipart.js";

export interface UploadedFile {
  /** The form field, e.g. "files[0]". */
  readonly field: string;
  /** The n of files[n] (the placeholder id an `attachments` entry refers to), else its position. */
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RequestBody {
  /** The JSON body (or `payload_json`); undefined when none was sent. */
  readonly json: unknown;
  readonly files: readonly UploadedFile[];
}

export interface BodyLimits {
  /** Whole request; Discord refuses bigger ones with 40005. */
  readonly maxBodyBytes: number;
  /** Per file (the `attachment_size_limit` an interaction announces). */
  readonly maxFileBytes: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = { maxBodyBytes: 25 * 1024 * 1024, maxFileBytes: 10 * 1024 * 1024 };

/**
 * Reads the whole body. Past the limit it keeps draining (so the client gets the 413 instead of a reset
 * connection) but keeps nothing; "tooLarge" then.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "tooLarge"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on("end", () => resolve(size > maxBytes ? "tooLarge" : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function parseBody(contentType: string | undefined, raw: Buffer, limits: BodyLimits): RequestBody {
  if (raw.length === 0) return { json: undefined, files: [] };
  const boundary = multipartBoundary(contentType);
  if (boundary === null) return { json: parseJson(raw.toString("utf8")), files: [] };
  const parts = parseMultipart(raw, boundary);
  if (parts === null) {
    throw formErrors([{ path: [], code: "BASE_TYPE_BAD_VALUE", message: "Invalid multipart/form-data body." }]);
  }
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  let json: unknown;
  parts.forEach((part, position) => {
    if (part.filename !== null) {
      if (part.data.length > limits.maxFileBytes) throw entityTooLarge();
      const n = /^files\[(\d+)\]$/.exec(part.name)?.[1];
      files.push({
        field: part.name,
        index: n === undefined ? position : Number(n),
        filename: part.filename,
        contentType: part.contentType ?? "application/octet-stream",
        data: Buffer.from(part.data),
      });
    } else if (part.name === "payload_json") {
      json = parseJson(part.data.toString("utf8"));
    } else {
      fields[part.name] = part.data.toString("utf8");
    }
  });
  // Without payload_json, Discord reads the plain form fields as the body.
  return { json: json ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson();
  }
}
