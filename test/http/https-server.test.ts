// A real HTTPS server on 127.0.0.1, started the way the exporter will start it (loadWebSecurity, then
// @hono/node-server's serve() with the options spread in), asked with node:https: TLS with a certificate made by
// openssl, basic auth right/wrong/missing on every route, /healthz, TLS versions and client certificates.
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/http/basic-auth-hash.js";
import { loadWebSecurity } from "../../src/http/web-security.js";
import { createTestApp, PROTECTED_PATHS, ROUTES, type TestApp } from "./test-app.js";
import { makeTlsFixtures, type TlsFixtures } from "./tls-fixtures.js";

let tls: TlsFixtures;
let hash: string;

beforeAll(async () => {
  tls = await makeTlsFixtures();
  const hashed = await hashPassword("scrape-pw", { cost: 4, randomBytes: (n) => new Uint8Array(n).fill(5) });
  if (!hashed.ok) throw new Error(hashed.error);
  hash = hashed.hash;
});
afterAll(() => tls?.remove());

interface Running {
  readonly port: number;
  readonly web: TestApp;
  close(): Promise<void>;
}

let configCount = 0;
async function start(webConfig: string): Promise<Running> {
  const file = path.join(tls.dir, `web-${++configCount}.yml`);
  fs.writeFileSync(file, webConfig);
  const loaded = await loadWebSecurity(file, {
    readFile: (name) => readFile(name, "utf8"),
    now: Date.now,
    randomBytes: (n) => new Uint8Array(n).fill(1),
  });
  if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
  const web = createTestApp(loaded.value.middleware);
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started: ServerType = serve(
      { fetch: web.app.fetch, hostname: "127.0.0.1", port: 0, ...loaded.value.serve },
      () => resolve(started),
    );
    started.once("error", reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    web,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  protocol: string | null;
}

interface Ask {
  auth?: string;
  ca?: string | null;
  cert?: string;
  key?: string;
  maxVersion?: "TLSv1.2" | "TLSv1.3";
}

function get(port: number, urlPath: string, ask: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: "127.0.0.1",
        port,
        path: urlPath,
        // A fresh connection every time: client certificates are per connection.
        agent: false,
        ...(ask.ca === null ? {} : { ca: tls.read(ask.ca ?? tls.caCert) }),
        ...(ask.cert ? { cert: tls.read(ask.cert) } : {}),
        ...(ask.key ? { key: tls.read(ask.key) } : {}),
        ...(ask.maxVersion ? { maxVersion: ask.maxVersion } : {}),
        ...(ask.auth ? { auth: ask.auth } : {}),
        timeout: 5000,
      },
      (response) => {
        const protocol = (response.socket as TLSSocket).getProtocol();
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body, headers: response.headers, protocol }),
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}

const TLS_CONFIG = () => `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n`;

describe("TLS and basic auth on a real server", () => {
  let server: Running;
  beforeAll(async () => {
    server = await start(`${TLS_CONFIG()}basic_auth_users:\n  prometheus: ${hash}\n`);
  });
  afterAll(() => server?.close());

  it("serves HTTPS with the configured certificate, TLS 1.3 by default", async () => {
    const answer = await get(server.port, "/metrics", { auth: "prometheus:scrape-pw" });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(ROUTES["/metrics"]);
    expect(answer.protocol).toBe("TLSv1.3");
  });

  it("presents a certificate that a client without the CA refuses", async () => {
    await expect(get(server.port, "/metrics", { ca: null, auth: "prometheus:scrape-pw" })).rejects.toMatchObject({
      code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    });
  });

  it("does not answer plain HTTP on the TLS port", async () => {
    const plain = new Promise<number>((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port: server.port, path: "/metrics", agent: false, timeout: 5000 });
      request.on("response", (response) => resolve(response.statusCode ?? 0));
      request.on("timeout", () => request.destroy(new Error("timed out")));
      request.on("error", reject);
    });
    await expect(plain).rejects.toThrow();
  });

  describe.each(PROTECTED_PATHS)("%s", (urlPath) => {
    it("answers with the right credentials", async () => {
      const answer = await get(server.port, urlPath, { auth: "prometheus:scrape-pw" });
      expect(answer.status).toBe(200);
      expect(answer.body).toBe(ROUTES[urlPath]);
    });

    it.each([
      ["a wrong password", "prometheus:scrape-pW"],
      ["an unknown user", "admin:scrape-pw"],
      ["no credentials", undefined],
    ])("answers 401 with a Basic challenge to %s", async (_name, auth) => {
      const answer = await get(server.port, urlPath, auth ? { auth } : {});
      expect(answer.status).toBe(401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Basic realm="discord-exporter"/);
      expect(answer.body).toBe("unauthorized\n");
    });
  });

  it("answers /healthz without credentials, revealing nothing but healthy or not", async () => {
    const healthy = await get(server.port, "/healthz");
    expect([healthy.status, healthy.body]).toEqual([200, "ok\n"]);
    expect(healthy.headers["x-database"]).toBeUndefined();
    server.web.unhealthy = "SQLITE_CANTOPEN: /data/discord-exporter.db";
    try {
      const sick = await get(server.port, "/healthz");
      expect([sick.status, sick.body]).toEqual([503, "unhealthy\n"]);
      const told = await get(server.port, "/healthz", { auth: "prometheus:scrape-pw" });
      expect([told.status, told.body]).toEqual([503, "unhealthy: SQLITE_CANTOPEN: /data/discord-exporter.db\n"]);
    } finally {
      server.web.unhealthy = null;
    }
  });
});

describe("TLS versions", () => {
  it("refuses clients below min_version", async () => {
    const server = await start(`${TLS_CONFIG()}  min_version: TLS13\n`);
    try {
      expect((await get(server.port, "/metrics")).status).toBe(200);
      await expect(get(server.port, "/metrics", { maxVersion: "TLSv1.2" })).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it("serves TLS 1.2 clients by default, as the toolkit does", async () => {
    const server = await start(TLS_CONFIG());
    try {
      const answer = await get(server.port, "/metrics", { maxVersion: "TLSv1.2" });
      expect([answer.status, answer.protocol]).toEqual([200, "TLSv1.2"]);
    } finally {
      await server.close();
    }
  });
});

describe("client certificates", () => {
  // Each policy: [client sends nothing, a certificate the client CA signed, a self-signed one] → served?
  const policies: [string, boolean, boolean, boolean][] = [
    ["RequireAndVerifyClientCert", false, true, false],
    ["VerifyClientCertIfGiven", true, true, false],
    ["RequireAnyClientCert", false, true, true],
    ["RequestClientCert", true, true, true],
  ];

  it.each(policies)("%s", async (policy, withoutCert, withSignedCert, withRogueCert) => {
    const server = await start(`${TLS_CONFIG()}  client_auth_type: ${policy}\n  client_ca_file: ca.crt\n`);
    const served = (ask: Ask) =>
      get(server.port, "/metrics", ask).then(
        (answer) => answer.status === 200,
        () => false,
      );
    try {
      expect(await served({}), "without a certificate").toBe(withoutCert);
      expect(await served({ cert: tls.clientCert, key: tls.clientKey }), "signed by the CA").toBe(withSignedCert);
      expect(await served({ cert: tls.rogueCert, key: tls.rogueKey }), "self-signed").toBe(withRogueCert);
    } finally {
      await server.close();
    }
  });
});
