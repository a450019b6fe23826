// The web security middleware through app.request() (no socket): basic auth right, wrong and missing on every
// route, /healthz reachable but saying nothing, configured headers on every response, one bcrypt per credential.
import { beforeAll, describe, expect, it } from "vitest";
import { parseBasicAuthorization } from "../../src/http/basic-auth.js";
import { checkBcryptPassword, hashPassword } from "../../src/http/basic-auth-hash.js";
import { parseWebConfig } from "../../src/http/web-config-parse.js";
import { buildWebSecurity } from "../../src/http/web-security.js";
import { createTestApp, PROTECTED_PATHS, ROUTES, type TestApp } from "./test-app.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const RIGHT = basic("prometheus", "scrape-pw");
const BAD_CREDENTIALS: [string, Record<string, string>][] = [
  ["no credentials", {}],
  ["a wrong password", { Authorization: basic("prometheus", "scrape-pW") }],
  ["an unknown user", { Authorization: basic("grafana", "scrape-pw") }],
  ["an empty password", { Authorization: basic("prometheus", "") }],
  ["another scheme", { Authorization: "Bearer scrape-pw" }],
  ["a malformed header", { Authorization: "Basic !!!" }],
];

let web: TestApp;
let bcrypts = 0;

beforeAll(async () => {
  const hashed = await hashPassword("scrape-pw", { cost: 4, randomBytes: (n) => new Uint8Array(n).fill(3) });
  if (!hashed.ok) throw new Error(hashed.error);
  const parsed = parseWebConfig(
    `basic_auth_users:\n  prometheus: ${hashed.hash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`,
    "/etc/web.yml",
  );
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const security = buildWebSecurity(
    { config: parsed.value, tlsMaterial: null, certificate: null },
    {
      now: () => 0,
      randomBytes: (n) => new Uint8Array(n).fill(9),
      checkPassword: (password, hash) => {
        bcrypts++;
        return checkBcryptPassword(password, hash);
      },
    },
  );
  expect(security.scheme).toBe("http");
  expect(security.serve).toEqual({});
  web = createTestApp(security.middleware);
});

describe("basic auth on every route", () => {
  describe.each(PROTECTED_PATHS)("%s", (path) => {
    it("answers with valid credentials", async () => {
      const response = await web.app.request(path, { headers: { Authorization: RIGHT } });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(ROUTES[path]);
    });

    it.each(BAD_CREDENTIALS)("answers 401 with WWW-Authenticate: Basic to %s, and nothing else", async (_, headers) => {
      const response = await web.app.request(path, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("WWW-Authenticate")).toBe('Basic realm="discord-exporter", charset="UTF-8"');
      expect(await response.text()).toBe("unauthorized\n");
    });
  });

  it("answers 401 to unknown paths and other methods too, 404 only to those who may know", async () => {
    expect((await web.app.request("/nope")).status).toBe(401);
    expect((await web.app.request("/metrics", { method: "HEAD" })).status).toBe(401);
    expect((await web.app.request("/metrics", { method: "POST" })).status).toBe(401);
    expect((await web.app.request("/nope", { headers: { Authorization: RIGHT } })).status).toBe(404);
  });

  it("pays one bcrypt per credential, not one per scrape", async () => {
    const before = bcrypts;
    for (let i = 0; i < 20; i++) {
      expect((await web.app.request("/metrics", { headers: { Authorization: RIGHT } })).status).toBe(200);
    }
    expect(bcrypts - before).toBeLessThanOrEqual(1);
  });

  it("sets the configured headers on every response, 401s included", async () => {
    expect((await web.app.request("/metrics")).headers.get("X-Frame-Options")).toBe("deny");
    const ok = await web.app.request("/metrics", { headers: { Authorization: RIGHT } });
    expect(ok.headers.get("X-Frame-Options")).toBe("deny");
    expect((await web.app.request("/healthz")).headers.get("X-Frame-Options")).toBe("deny");
  });
});

describe("/healthz", () => {
  it("answers without credentials, with its status and one word", async () => {
    web.unhealthy = null;
    const healthy = await web.app.request("/healthz");
    expect(healthy.status).toBe(200);
    expect(await healthy.text()).toBe("ok\n");
    expect(healthy.headers.get("X-Database")).toBeNull();

    web.unhealthy = "SQLITE_CANTOPEN: /data/discord-exporter.db";
    for (const [, headers] of BAD_CREDENTIALS) {
      const sick = await web.app.request("/healthz", { headers });
      expect(sick.status).toBe(503);
      expect(await sick.text()).toBe("unhealthy\n");
      expect(sick.headers.get("X-Database")).toBeNull();
    }
    web.unhealthy = null;
  });

  it("gives the reason to those with credentials", async () => {
    web.unhealthy = "database is locked";
    const response = await web.app.request("/healthz", { headers: { Authorization: RIGHT } });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("unhealthy: database is locked\n");
    web.unhealthy = null;
  });

  it.each(["/healthz/", "/HEALTHZ", "/healthz/../metrics", "/healthz%2F..%2Fmetrics", "/healthz/x", "//healthz"])(
    "is the only exception: %s needs credentials",
    async (path) => {
      const response = await web.app.request(path);
      expect(response.status).toBe(401);
    },
  );

  it("is matched on the path the router matches: a percent-encoded /healthz is the health route, and says nothing", async () => {
    web.unhealthy = "database is locked";
    const response = await web.app.request("/%68ealthz");
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("unhealthy\n");
    web.unhealthy = null;
  });

  it("is exempt for GET and HEAD only", async () => {
    expect((await web.app.request("/healthz", { method: "HEAD" })).status).toBe(200);
    expect((await web.app.request("/healthz", { method: "POST" })).status).toBe(401);
  });
});

describe("parseBasicAuthorization", () => {
  const encode = (text: string) => Buffer.from(text, "utf8").toString("base64");
  it.each([
    [`Basic ${encode("alice:pw")}`, { user: "alice", password: "pw" }],
    [`basic ${encode("alice:pw")}`, { user: "alice", password: "pw" }],
    [`BASIC   ${encode("alice:pw")}  `, { user: "alice", password: "pw" }],
    [`Basic ${encode("alice:pa:ss:")}`, { user: "alice", password: "pa:ss:" }],
    [`Basic ${encode(":pw")}`, { user: "", password: "pw" }],
    [`Basic ${encode("jörg:pässwörd")}`, { user: "jörg", password: "pässwörd" }],
  ])("%s", (header, expected) => {
    expect(parseBasicAuthorization(header)).toEqual(expected);
  });

  it.each([
    ["no header", undefined],
    ["an empty header", ""],
    ["another scheme", `Bearer ${encode("alice:pw")}`],
    ["no colon", `Basic ${encode("alicepw")}`],
    ["not base64", "Basic alice:pw"],
    ["base64 of the wrong length", "Basic YWxpY2U6cH"],
    ["two values", `Basic ${encode("a:b")} ${encode("c:d")}`],
    ["invalid UTF-8", `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString("base64")}`],
  ])("null for %s", (_name, header) => {
    expect(parseBasicAuthorization(header)).toBeNull();
  });
});
