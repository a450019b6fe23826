import { DiscordAPIError, HTTPError, RateLimitError } from "@discordjs/rest";
import { describe, expect, it } from "vitest";
import { classifyDiscordError, DiscordRequestError } from "../../src/discord/errors.js";

const body = { body: undefined, files: undefined };
const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError({ code, message }, code, status, "GET", "https://discord.com/api/v10/channels/1", body);
const networkError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe("classifyDiscordError: what the REST client throws, in our few kinds, once", () => {
  it.each([
    [401, 0, "401: Unauthorized", "unauthorized"],
    [403, 50001, "Missing Access", "forbidden"],
    [403, 50013, "Missing Permissions", "forbidden"],
    [404, 10003, "Unknown Channel", "not_found"],
    [404, 10004, "Unknown Guild", "not_found"],
    [404, 10008, "Unknown Message", "not_found"],
    [408, 0, "408: Request Timeout", "transient"],
    [429, 0, "You are being rate limited.", "transient"],
    [500, 0, "500: Internal Server Error", "transient"],
    [503, 0, "503: Service Unavailable", "transient"],
    [400, 50035, "Invalid Form Body", "fatal"],
  ] as const)("a DiscordAPIError %i (code %i) is %s", (status, code, message, kind) => {
    const classified = classifyDiscordError(apiError(status, code, message), "channel #general (1)");
    expect(classified).toBeInstanceOf(DiscordRequestError);
    expect(classified).toMatchObject({ kind, status, code });
    expect(classified.message).toBe(
      `channel #general (1): Discord answered ${status} ${message}${code ? ` (code ${code})` : ""}`,
    );
  });

  it("an HTTPError without a JSON body: 5xx and 408 transient, anything else fatal", () => {
    const gateway = new HTTPError(502, "Bad Gateway", "GET", "https://discord.com/api/v10/guilds/1", body);
    expect(classifyDiscordError(gateway, "guild 1")).toMatchObject({ kind: "transient", status: 502 });
    const timeout = new HTTPError(408, "Request Timeout", "GET", "https://discord.com/api/v10/guilds/1", body);
    expect(classifyDiscordError(timeout, "guild 1")).toMatchObject({ kind: "transient", status: 408 });
    const teapot = new HTTPError(418, "I'm a teapot", "GET", "https://discord.com/api/v10/guilds/1", body);
    expect(classifyDiscordError(teapot, "guild 1")).toMatchObject({ kind: "fatal", status: 418 });
  });

  it("a RateLimitError (rejectOnRateLimit) is transient, with the wait it named", () => {
    const error = new RateLimitError({
      timeToReset: 1234,
      limit: 5,
      method: "GET",
      hash: "h",
      url: "https://discord.com/api/v10/channels/1/messages",
      route: "/channels/:id/messages",
      majorParameter: "1",
      global: false,
      retryAfter: 1234,
      sublimitTimeout: 0,
      scope: "user",
    });
    expect(classifyDiscordError(error, "messages")).toMatchObject({
      kind: "transient",
      status: 429,
      message: "messages: rate limited for 1234 ms",
    });
  });

  it.each(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "UND_ERR_SOCKET", "EAI_AGAIN"])(
    "a network error %s is transient",
    (code) => {
      expect(classifyDiscordError(networkError(code), "guild 1")).toMatchObject({ kind: "transient", status: null });
    },
  );

  it("a network error carried as the cause (undici's fetch failed), a timeout and an abort are transient", () => {
    const fetchFailed = Object.assign(new TypeError("fetch failed"), { cause: networkError("ECONNRESET") });
    expect(classifyDiscordError(fetchFailed, "x").kind).toBe("transient");
    expect(classifyDiscordError(Object.assign(new Error("timed out"), { name: "TimeoutError" }), "x").kind).toBe(
      "transient",
    );
    expect(classifyDiscordError(Object.assign(new Error("aborted"), { name: "AbortError" }), "x").kind).toBe(
      "transient",
    );
    expect(classifyDiscordError(new SyntaxError("Unexpected token < in JSON"), "x").kind).toBe("transient");
  });

  it("anything else is fatal, and an error already classified passes through unchanged", () => {
    expect(classifyDiscordError(new Error("something odd"), "x")).toMatchObject({
      kind: "fatal",
      message: "x: something odd",
    });
    expect(classifyDiscordError("a string", "x")).toMatchObject({ kind: "fatal", message: "x: a string" });
    const already = new DiscordRequestError("forbidden", "kept", 403, 50001);
    expect(classifyDiscordError(already, "y")).toBe(already);
  });
});
