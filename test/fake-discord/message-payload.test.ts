import { describe, expect, it } from "vitest";
import { parseBody } from "../../fake-discord/body.js";
import { ApiError } from "../../fake-discord/errors.js";
import {
  applyMessageBody,
  emptyDraft,
  isEmpty,
  resolveEmbedAttachments,
  sanitizeFilename,
} from "../../fake-discord/message-payload.js";
import { multipartBoundary, parseMultipart } from "../../fake-discord/multipart.js";

const LIMITS = { maxBodyBytes: 1 << 20, maxFileBytes: 1 << 16 };

/** A body exactly as undici's FormData (what @discordjs/rest uses) serialises it. */
async function formBody(
  payload: unknown,
  files: Array<{ name: string; data: Buffer; type: string }>,
): Promise<{ contentType: string; body: Buffer }> {
  const form = new FormData();
  for (const [i, f] of files.entries()) {
    form.append(`files[${i}]`, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  }
  form.append("payload_json", JSON.stringify(payload));
  const request = new Request("http://x", { method: "POST", body: form });
  return { contentType: request.headers.get("content-type") ?? "", body: Buffer.from(await request.arrayBuffer()) };
}

describe("multipart bodies", () => {
  it("parses what undici's FormData sends: payload_json and files[n] with their bytes", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
    const { contentType, body } = await formBody({ content: "hi" }, [
      { name: "chart.png", data: bytes, type: "image/png" },
      { name: 'we"ird name.txt', data: Buffer.from("text"), type: "text/plain" },
    ]);
    expect(multipartBoundary(contentType)).not.toBeNull();
    const parsed = parseBody(contentType, body, LIMITS);
    expect(parsed.json).toEqual({ content: "hi" });
    expect(parsed.files.map((f) => [f.field, f.index, f.filename, f.contentType])).toEqual([
      ["files[0]", 0, "chart.png", "image/png"],
      ["files[1]", 1, 'we"ird name.txt', "text/plain"],
    ]);
    expect(parsed.files[0]?.data).toEqual(bytes);
  });

  it("refuses a malformed body and an oversized file", async () => {
    expect(parseMultipart(Buffer.from("garbage"), "b")).toBeNull();
    const { contentType, body } = await formBody({}, [
      { name: "big.bin", data: Buffer.alloc(LIMITS.maxFileBytes + 1), type: "" },
    ]);
    expect(() => parseBody(contentType, body, LIMITS)).toThrow(ApiError);
    expect(() => parseBody("application/json", Buffer.from("{"), LIMITS)).toThrow(
      "The request body contains invalid JSON.",
    );
  });
});

describe("message bodies", () => {
  let n = 0;
  const id = () => String(++n);

  it("an edit keeps what it leaves out, and files append unless `attachments` says which to keep", () => {
    const file = { field: "files[0]", index: 0, filename: "a.png", contentType: "image/png", data: Buffer.from("a") };
    const first = applyMessageBody(emptyDraft(), { content: "one" }, [file], id, "create");
    expect(first.attachments.map((a) => a.filename)).toEqual(["a.png"]);
    const second = applyMessageBody(first, { embeds: [{ title: "t" }] }, [{ ...file, filename: "b.png" }], id, "edit");
    expect(second.content).toBe("one");
    expect(second.attachments.map((a) => a.filename)).toEqual(["a.png", "b.png"]);
    const kept = applyMessageBody(second, { attachments: [{ id: second.attachments[1]?.id }] }, [], id, "edit");
    expect(kept.attachments.map((a) => a.filename)).toEqual(["b.png"]);
    expect(isEmpty(applyMessageBody(kept, { content: "", embeds: [], attachments: [] }, [], id, "edit"))).toBe(true);
  });

  it("paths of issues start under the given prefix", () => {
    try {
      applyMessageBody(emptyDraft(), { content: 5 }, [], id, "create", ["data"]);
      expect.unreachable();
    } catch (error) {
      expect((error as ApiError).body.errors).toEqual({
        data: { content: { _errors: [{ code: "BASE_TYPE_STRING", message: "Could not interpret value as string." }] } },
      });
    }
  });

  it("points attachment:// images at stored files, drops and reports unresolvable ones", () => {
    const attachments = [
      { id: "9", filename: "chart.png", contentType: "image/png", data: Buffer.from("x"), description: null },
    ];
    const { embeds, dangling } = resolveEmbedAttachments(
      [{ image: { url: "attachment://chart.png" }, thumbnail: { url: "attachment://nope.png" } }],
      attachments,
      (a) => `http://cdn/${a.id}/${a.filename}`,
    );
    expect(embeds).toEqual([{ image: { url: "http://cdn/9/chart.png", proxy_url: "http://cdn/9/chart.png" } }]);
    expect(dangling).toEqual(["attachment://nope.png"]);
  });

  it("cleans file names as Discord does", () => {
    expect(sanitizeFilename("chart.png")).toBe("chart.png");
    expect(sanitizeFilename("my chart (1).png")).toBe("my_chart_1.png");
    expect(sanitizeFilename("_hidden.png")).toBe("hidden.png");
    expect(sanitizeFilename("グラフ.png")).toBe("png");
    expect(sanitizeFilename("../../etc/passwd")).toBe("etc_passwd");
    expect(sanitizeFilename("")).toBe("unknown");
  });
});
