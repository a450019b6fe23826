// readWebConfig / loadWebSecurity: the web config file and the PEM files it names, read from disk (certificates
// made by openssl), and a missing, unreadable or unusable file each as one line naming the field and the path.
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWebConfig } from "../../src/http/web-config-load.js";
import { loadWebSecurity } from "../../src/http/web-security.js";
import { makeTlsFixtures, type TlsFixtures } from "./tls-fixtures.js";

let tls: TlsFixtures;
const readUtf8 = (file: string) => readFile(file, "utf8");

beforeAll(async () => {
  tls = await makeTlsFixtures();
});
afterAll(() => tls?.remove());

/** Writes a web config into the fixtures' directory (so relative paths name the fixtures) and loads it. */
async function load(text: string, name = "web.yml") {
  const file = path.join(tls.dir, name);
  fs.writeFileSync(file, text);
  return { file, result: await readWebConfig(file, { readFile: readUtf8 }) };
}

const pair = (cert: string, key: string) => `tls_server_config:\n  cert_file: ${cert}\n  key_file: ${key}\n`;

describe("readWebConfig: good files", () => {
  it("reads the certificate and key named relative to the file, and describes the certificate", async () => {
    const { result } = await load(pair("server.crt", "server.key"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.value.tlsMaterial).toEqual({
      cert: tls.read(tls.serverCert),
      key: tls.read(tls.serverKey),
      clientCa: null,
    });
    expect(result.value.certificate?.subject).toBe("CN=localhost");
    const validFor = (result.value.certificate?.validTo.getTime() ?? 0) - Date.now();
    expect(validFor).toBeGreaterThan(24 * 3600_000);
    expect(validFor).toBeLessThan(3 * 24 * 3600_000);
  });

  it("reads a client CA, and inline PEM", async () => {
    const indent = (pem: string) => pem.trim().replace(/^/gm, "    ");
    const { result } = await load(
      [
        "tls_server_config:",
        "  cert: |",
        indent(tls.read(tls.serverCert)),
        "  key: |",
        indent(tls.read(tls.serverKey)),
        "  client_auth_type: RequireAndVerifyClientCert",
        `  client_ca_file: ${tls.caCert}`,
        "",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.value.tlsMaterial?.clientCa).toBe(tls.read(tls.caCert));
    expect(result.value.tlsMaterial?.cert.trim()).toBe(tls.read(tls.serverCert).trim());
  });

  it("reads no PEM file without tls_server_config", async () => {
    const read: string[] = [];
    const file = path.join(tls.dir, "auth-only.yml");
    fs.writeFileSync(file, `basic_auth_users:\n  a: $2b$04$${"a".repeat(53)}\n`);
    const result = await readWebConfig(file, {
      readFile: (name) => {
        read.push(name);
        return readUtf8(name);
      },
    });
    expect(result).toMatchObject({ ok: true, value: { tlsMaterial: null, certificate: null } });
    expect(read).toEqual([file]);
  });
});

describe("readWebConfig: bad files", () => {
  it("names a web config file that does not exist, or is a directory", async () => {
    const missing = path.join(tls.dir, "nope.yml");
    expect(await readWebConfig(missing, { readFile: readUtf8 })).toEqual({
      ok: false,
      errors: [`web config ${missing} does not exist`],
    });
    expect(await readWebConfig(tls.dir, { readFile: readUtf8 })).toEqual({
      ok: false,
      errors: [`web config ${tls.dir} is a directory, not a file`],
    });
  });

  it("names an unreadable file and the field that points at it", async () => {
    // Tests run as root here, where chmod 000 would not stop a read: the error comes from the injected reader.
    const denied = Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" });
    const file = path.join(tls.dir, "web.yml");
    fs.writeFileSync(file, pair("server.crt", "server.key"));
    const result = await readWebConfig(file, {
      readFile: (name) => (name.endsWith(".key") ? Promise.reject(denied) : readUtf8(name)),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        `web config ${file}: tls_server_config.key_file ${tls.serverKey} cannot be read: permission denied (EACCES)`,
      ],
    });
    expect(await readWebConfig(file, { readFile: () => Promise.reject(denied) })).toEqual({
      ok: false,
      errors: [`web config ${file} cannot be read: permission denied (EACCES)`],
    });
  });

  it("names each missing PEM file with the field and its resolved path", async () => {
    const { file, result } = await load(
      `${pair("missing.crt", "/nowhere/missing.key")}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca/missing.crt\n`,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        `web config ${file}: tls_server_config.cert_file ${path.join(tls.dir, "missing.crt")} does not exist`,
        `web config ${file}: tls_server_config.key_file /nowhere/missing.key does not exist`,
        `web config ${file}: tls_server_config.client_ca_file ${path.join(tls.dir, "ca/missing.crt")} does not exist`,
      ],
    });
  });

  it("passes the parser's errors through", async () => {
    const { file, result } = await load("tls_server_config:\n  key_file: server.key\n");
    expect(result).toEqual({
      ok: false,
      errors: [`web config ${file}: tls_server_config.cert_file is required when key_file is set`],
    });
  });

  const cases: [string, () => string, (file: string) => string[]][] = [
    [
      "a key where the certificate belongs, a certificate where the key belongs",
      () => pair("server.key", "server.crt"),
      (file) => [
        `web config ${file}: tls_server_config.cert_file ${tls.serverKey}: not a PEM certificate`,
        `web config ${file}: tls_server_config.key_file ${tls.serverCert}: not a PEM private key`,
      ],
    ],
    [
      "a key that is not the certificate's",
      () => pair("server.crt", "other.key"),
      (file) => [
        `web config ${file}: tls_server_config.key_file ${tls.otherKey} is not the key of tls_server_config.cert_file ${tls.serverCert}`,
      ],
    ],
    [
      "an encrypted key",
      () => pair("server.crt", "server-encrypted.key"),
      (file) => [
        `web config ${file}: tls_server_config.key_file ${tls.encryptedServerKey}: the key is encrypted, and the web config has no passphrase (decrypt it with openssl pkey)`,
      ],
    ],
    [
      "a client CA file without a certificate",
      () =>
        `${pair("server.crt", "server.key")}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: other.key\n`,
      (file) => [`web config ${file}: tls_server_config.client_ca_file ${tls.otherKey}: has no PEM certificate`],
    ],
    [
      "a certificate OpenSSL refuses to serve (512-bit RSA)",
      () => pair("weak.crt", "weak.key"),
      (file) => [
        `web config ${file}: tls_server_config: Node.js cannot use this certificate and key (error:0A00018F:SSL routines::ee key too small)`,
      ],
    ],
    [
      "an empty certificate file",
      () => {
        fs.writeFileSync(path.join(tls.dir, "empty.crt"), "");
        return pair("empty.crt", "server.key");
      },
      (file) => [
        `web config ${file}: tls_server_config.cert_file ${path.join(tls.dir, "empty.crt")}: not a PEM certificate`,
      ],
    ],
  ];

  it.each(cases)("%s", async (_name, text, errors) => {
    const { file, result } = await load(text());
    expect(result).toEqual({ ok: false, errors: errors(file) });
  });
});

describe("loadWebSecurity", () => {
  it("gives serve() node:https options and the middleware, with a summary naming no secret", async () => {
    const file = path.join(tls.dir, "full.yml");
    const hash = `$2b$04$${"a".repeat(53)}`;
    fs.writeFileSync(
      file,
      `${pair("server.crt", "server.key")}  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  min_version: TLS13\nbasic_auth_users:\n  prometheus: ${hash}\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n`,
    );
    const loaded = await loadWebSecurity(file, {
      readFile: readUtf8,
      now: Date.now,
      randomBytes: (n) => new Uint8Array(n),
    });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const web = loaded.value;
    expect(web.scheme).toBe("https");
    expect(web.middleware).toHaveLength(2);
    expect("serverOptions" in web.serve && web.serve.serverOptions).toMatchObject({
      cert: tls.read(tls.serverCert),
      key: tls.read(tls.serverKey),
      ca: tls.read(tls.caCert),
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: "TLSv1.3",
      maxVersion: "TLSv1.3",
    });
    expect(web.summary).toMatchObject({
      file,
      tls: true,
      clientAuth: "RequireAndVerifyClientCert",
      certificateSubject: "CN=localhost",
      basicAuthUsers: 1,
      headers: ["X-Frame-Options"],
    });
    expect(JSON.stringify(web.summary)).not.toContain(hash);
  });

  it("returns the errors for exit code 2", async () => {
    const missing = path.join(tls.dir, "none.yml");
    const loaded = await loadWebSecurity(missing, {
      readFile: readUtf8,
      now: Date.now,
      randomBytes: (n) => new Uint8Array(n),
    });
    expect(loaded).toEqual({ ok: false, errors: [`web config ${missing} does not exist`] });
  });
});
