// WEB_CONFIG_FILE's basic auth in front of the real app: the dashboard, its files and the JSON API answer only with
// valid credentials, like /metrics (test/http/basic-auth.test.ts covers the middleware itself on a stand-in app).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/http/basic-auth-hash.js";
import { parseWebConfig } from "../../src/http/web-config-parse.js";
import { buildWebSecurity } from "../../src/http/web-security.js";
import { CHANNELS, createDashboardTestApp, type DashboardTestApp, GUILD } from "./dashboard-app.js";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const RIGHT = basic("admin", "dashboard-pw");

const PATHS = [
  "/",
  "/?range=all&lang=ja",
  `/channels/${CHANNELS.general.id}`,
  "/channels/42",
  "/assets/web/dashboard.js",
  "/assets/charts/index.js",
  "/assets/chart.umd.min.js",
  "/assets/dashboard.css",
  "/assets/fonts/noto-sans-jp-400.ttf",
  "/assets/nope.js",
  "/api/v1/guilds",
  `/api/v1/guilds/${GUILD}/members`,
  `/api/v1/guilds/${GUILD}/messages/daily?channel=${CHANNELS.general.id}`,
  `/api/v1/guilds/${GUILD}/active-members/daily`,
  `/api/v1/guilds/${GUILD}/channels/top?limit=0`,
  `/api/v1/guilds/${GUILD}/channels/${CHANNELS.general.id}/sources/daily`,
  "/api/v1/guilds/1/members",
  "/api/v1/nope",
  "/metrics",
];

let t: DashboardTestApp;
beforeAll(async () => {
  const hashed = await hashPassword("dashboard-pw", { cost: 4, randomBytes: (n) => new Uint8Array(n).fill(5) });
  if (!hashed.ok) throw new Error(hashed.error);
  const parsed = parseWebConfig(`basic_auth_users:\n  admin: ${hashed.hash}\n`, "/etc/web.yml");
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const security = buildWebSecurity(
    { config: parsed.value, tlsMaterial: null, certificate: null },
    { now: () => 0, randomBytes: (n) => new Uint8Array(n).fill(7) },
  );
  t = createDashboardTestApp({ middleware: security.middleware });
});
afterAll(() => t?.cleanup());

describe("basic auth on the dashboard and the API", () => {
  it.each(PATHS)("%s: 401 without credentials, its own answer with them", async (path) => {
    const attempts: Record<string, string>[] = [{}, { Authorization: basic("admin", "wrong") }];
    for (const headers of attempts) {
      const denied = await t.app.request(path, { headers });
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toMatch(/^Basic realm="discord-exporter"/);
      expect(await denied.text()).toBe("unauthorized\n");
    }
    const allowed = await t.app.request(path, { headers: { Authorization: RIGHT } });
    expect([200, 400, 404]).toContain(allowed.status);
    expect(allowed.headers.get("www-authenticate")).toBeNull();
  });

  it("lets the right credentials through to real answers", async () => {
    const page = await t.app.request("/", { headers: { Authorization: RIGHT } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe("default-src 'self'");
    const api = await t.app.request("/api/v1/guilds", { headers: { Authorization: RIGHT } });
    expect(((await api.json()) as { guilds: unknown[] }).guilds).toHaveLength(1);
  });
});
