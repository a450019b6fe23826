/**
 * A small multipart/form-data parser (RFC 7578), enough for what Discord accepts: `payload_json` and
 * `files[n]` parts with a Content-Disposition filename and a Content-Type. Pure: bytes in, parts out.
 */

export interface FormPart {
  readonly name: string;
  /** Set for file parts (Discord only treats parts with a filename as uploads). */
  readonly filename: string | null;
  readonly contentType: string | null;
  readonly data: Buffer;
}

/** The boundary of a multipart Content-Type, or null when it is not multipart/form-data. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2]?.trim() ?? null;
}

/** Splits a body into parts; null when it is not well-formed multipart for that boundary. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    else return null;
    const headerEnd = body.indexOf("\r\n\r\n", at);
    if (headerEnd < 0) return null;
    const headers = parseHeaders(body.subarray(at, headerEnd).toString("utf8"));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), dataStart);
    if (next < 0) return null;
    const disposition = headers.get("content-disposition");
    const name = disposition === undefined ? null : dispositionParam(disposition, "name");
    if (name === null) return null;
    parts.push({
      name,
      filename: disposition === undefined ? null : dispositionFilename(disposition),
      contentType: headers.get("content-type") ?? null,
      data: body.subarray(dataStart, next),
    });
    at = next + 2;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A quoted or bare parameter of a Content-Disposition header (undici escapes quotes as %22). */
function dispositionParam(header: string, param: string): string | null {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i").exec(header);
  if (match === null) return null;
  const raw = match[1] ?? match[2]?.trim() ?? "";
  return raw.replace(/\\(.)/g, "$1").replaceAll("%22", '"').replaceAll("%0D", "\r").replaceAll("%0A", "\n");
}

/** `filename*=utf-8''...` (RFC 5987) wins over `filename=`. */
function dispositionFilename(header: string): string | null {
  const extended = /(?:^|;)\s*filename\*=([^']*)'[^']*'([^;]*)/i.exec(header);
  if (extended?.[2] !== undefined) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // fall back to the plain parameter
    }
  }
  return dispositionParam(header, "filename");
}
