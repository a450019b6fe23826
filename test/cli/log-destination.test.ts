import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createCliLogger } from "../../src/cli/log-destination.js";

const TOKEN = "MTA1NzY0ODk1MjEwODM5MDQwMA.GxYz12.logtestfixturetokenabcdefghijklmnop";

async function logOnce(format: "auto" | "json" | "pretty", tty: boolean): Promise<string> {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  let text = "";
  stdout.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const log = await createCliLogger({ logLevel: "info", logFormat: format, token: TOKEN }, { stdout });
  log.warn({ channelId: "123456789012345678", channel: "雑談" }, `channel #雑談 is unreadable; token ${TOKEN}`);
  log.flush();
  await new Promise((resolve) => setImmediate(resolve));
  return text;
}

describe("log lines", () => {
  it("are JSON objects, one per line, when not on a terminal (production, Docker)", async () => {
    const text = await logOnce("auto", false);
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, channel: "雑談", channelId: "123456789012345678" });
    expect(line.msg).toBe("channel #雑談 is unreadable; token [redacted]");
  });

  it("are readable lines on a terminal, and with LOG_FORMAT=pretty, the token masked all the same", async () => {
    for (const [format, tty] of [
      ["auto", true],
      ["pretty", false],
    ] as const) {
      const text = await logOnce(format, tty);
      expect(text, format).toMatch(/WARN.*channel #雑談 is unreadable; token \[redacted\]/);
      expect(text, format).not.toMatch(/^\{/);
      expect(text, format).not.toContain(TOKEN);
    }
  });

  it("stay JSON with LOG_FORMAT=json even on a terminal", async () => {
    const text = await logOnce("json", true);
    expect(JSON.parse(text.trim())).toMatchObject({ channel: "雑談" });
  });
});
