import { describe, expect, it } from "vitest";
import { countFailure, throwIfTokenRejected } from "../../src/counter/count-failure.js";
import type { CounterOperation } from "../../src/counter/observer.js";
import { DiscordRequestError } from "../../src/discord/errors.js";

function recordingObserver() {
  const counted: [CounterOperation, string][] = [];
  return { counted, operationFailed: (operation: CounterOperation, kind: string) => counted.push([operation, kind]) };
}

describe("countFailure", () => {
  it("counts a Discord error under its own kind and keeps Discord's message", () => {
    const observer = recordingObserver();
    const error = new DiscordRequestError("transient", "GET /guilds/1: 502 Bad Gateway", 502, null);
    const failure = countFailure(observer, "thread_listing", error, "threads of guild 1");
    expect(failure).toEqual({ kind: "transient", message: "GET /guilds/1: 502 Bad Gateway", error });
    expect(observer.counted).toEqual([["thread_listing", "transient"]]);
  });

  it("counts anything else as internal, naming what failed", () => {
    const observer = recordingObserver();
    const failure = countFailure(observer, "backfill", new Error("disk I/O error"), "backfill");
    expect(failure.kind).toBe("internal");
    expect(failure.message).toBe("backfill: disk I/O error");
    expect(observer.counted).toEqual([["backfill", "internal"]]);
  });

  it("has counted a rejected token before throwIfTokenRejected sends it up, unchanged", () => {
    const observer = recordingObserver();
    const error = new DiscordRequestError("unauthorized", "401: Unauthorized", 401, 0);
    const failure = countFailure(observer, "guild_sync", error, "guild 1");
    expect(() => throwIfTokenRejected(failure)).toThrow(error);
    expect(observer.counted).toEqual([["guild_sync", "unauthorized"]]);
  });

  it("lets every other kind through throwIfTokenRejected", () => {
    for (const kind of ["transient", "forbidden", "not_found", "fatal"] as const) {
      const failure = countFailure(recordingObserver(), "guild_sync", new DiscordRequestError(kind, kind, 400, 0), "g");
      expect(() => throwIfTokenRejected(failure)).not.toThrow();
    }
  });
});
