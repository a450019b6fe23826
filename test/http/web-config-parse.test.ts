// parseWebConfig: good files and what they become; bad files, each paired with the exact lines it must produce.
import { describe, expect, it } from "vitest";
import { parseWebConfig } from "../../src/http/web-config-parse.js";

const PATH = "/etc/x.yml";
// "fakepassword", hashed by Go's bcrypt: the decoy hash of exporter-toolkit's web/handler.go.
const HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";
const TLS = "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n";

function parse(text: string, path = PATH) {
  const result = parseWebConfig(text, path);
  if (!result.ok) throw new Error(`expected a valid file, got:\n${result.errors.join("\n")}`);
  return result.value;
}

describe("parseWebConfig: good files", () => {
  it("reads TLS with the toolkit's defaults, resolving relative paths against the file's directory", () => {
    const config = parse(TLS);
    expect(config.tls).toEqual({
      cert: { kind: "file", field: "tls_server_config.cert_file", path: "/etc/server.crt" },
      key: { kind: "file", field: "tls_server_config.key_file", path: "/etc/server.key" },
      clientCa: null,
      clientAuth: "NoClientCert",
      minVersion: "TLS12",
      maxVersion: "TLS13",
      preferServerCipherSuites: true,
    });
    expect(config.basicAuthUsers.size).toBe(0);
    expect(config.headers.size).toBe(0);
  });

  it("keeps absolute paths, and resolves relative ones from a relative config path as the toolkit does", () => {
    const config = parse("tls_server_config:\n  cert_file: /tls/c.pem\n  key_file: keys/k.pem\n", "conf/web.yml");
    expect(config.tls?.cert).toMatchObject({ path: "/tls/c.pem" });
    expect(config.tls?.key).toMatchObject({ path: "conf/keys/k.pem" });
  });

  it("reads basic_auth_users, $2y$, $2b$ and $2a$ hashes alike", () => {
    const b = HASH.replace("$2y$", "$2b$");
    const a = HASH.replace("$2y$", "$2a$");
    const config = parse(`basic_auth_users:\n  alice: ${HASH}\n  bob: ${b}\n  "carol@example.com": '${a}'\n`);
    expect([...config.basicAuthUsers]).toEqual([
      ["alice", HASH],
      ["bob", b],
      ["carol@example.com", a],
    ]);
    expect(config.tls).toBeNull();
  });

  it("reads client certificate settings, versions, the old RequireClientCert spelling and inline PEM", () => {
    const config = parse(
      [
        "tls_server_config:",
        "  cert: |",
        "    -----BEGIN CERTIFICATE-----",
        "    -----END CERTIFICATE-----",
        "  key_file: /k.pem",
        "  client_auth_type: RequireClientCert",
        "  client_ca_file: ca.pem",
        "  min_version: TLS13",
        "  max_version: TLS13",
        "  prefer_server_cipher_suites: false",
        "",
      ].join("\n"),
    );
    expect(config.tls).toEqual({
      cert: {
        kind: "inline",
        field: "tls_server_config.cert",
        pem: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
      },
      key: { kind: "file", field: "tls_server_config.key_file", path: "/k.pem" },
      clientCa: { kind: "file", field: "tls_server_config.client_ca_file", path: "/etc/ca.pem" },
      clientAuth: "RequireAnyClientCert",
      minVersion: "TLS13",
      maxVersion: "TLS13",
      preferServerCipherSuites: false,
    });
  });

  it.each(["VerifyClientCertIfGiven", "RequireAndVerifyClientCert"])("accepts %s with a client CA", (type) => {
    const config = parse(`${TLS}  client_auth_type: ${type}\n  client_ca_file: ca.pem\n`);
    expect(config.tls?.clientAuth).toBe(type);
  });

  it("reads http_server_config: the allowed headers, blank ones left unset; http2: false", () => {
    const config = parse(
      [
        TLS,
        "http_server_config:",
        "  http2: false",
        "  headers:",
        "    X-Frame-Options: deny",
        "    X-Content-Type-Options: nosniff",
        "    Strict-Transport-Security: max-age=31536000",
        '    Content-Security-Policy: ""',
        "",
      ].join("\n"),
    );
    expect([...config.headers]).toEqual([
      ["X-Frame-Options", "deny"],
      ["X-Content-Type-Options", "nosniff"],
      ["Strict-Transport-Security", "max-age=31536000"],
    ]);
  });

  it("treats empty strings like absent fields, as Go does", () => {
    const config = parse(`${TLS}  client_auth_type: ""\n  client_ca_file:\n  min_version: ""\n`);
    expect(config.tls).toMatchObject({ clientAuth: "NoClientCert", clientCa: null, minVersion: "TLS12" });
  });
});

describe("parseWebConfig: bad files", () => {
  const P = `web config ${PATH}:`;
  const cases: [string, string, string[]][] = [
    [
      "not YAML",
      "tls_server_config: [\n",
      [
        `${P} not valid YAML (line 2: Flow sequence in block collection must be sufficiently indented and end with a ])`,
      ],
    ],
    ["a duplicate key", `${TLS}${TLS}`, [`${P} not valid YAML (line 4: Map keys must be unique)`]],
    ["an empty file", "", [`${P} is empty: set tls_server_config and/or basic_auth_users`]],
    ["a list", "- a\n", [`${P} must be a mapping (tls_server_config:, basic_auth_users:, ...), got a list`]],
    [
      "nothing to do",
      "http_server_config:\n  http2: false\n",
      [`${P} sets nothing: add tls_server_config and/or basic_auth_users`],
    ],
    [
      "unknown keys, with suggestions",
      "tls_config:\n  cert_file: a\nbasic_auth_user:\n  a: b\nfoo: 1\n",
      [
        `${P} unknown key tls_config (did you mean tls_server_config?)`,
        `${P} unknown key basic_auth_user (did you mean basic_auth_users?)`,
        `${P} unknown key foo`,
      ],
    ],
    [
      "an unknown key in a section",
      `${TLS}  certfile: x\n  "odd key": 1\n`,
      [
        `${P} unknown key tls_server_config.certfile (did you mean tls_server_config.cert_file?)`,
        `${P} unknown key tls_server_config."odd key"`,
      ],
    ],
    [
      "toolkit fields this exporter does not support",
      `${TLS}  cipher_suites: [TLS_AES_128_GCM_SHA256]\n  curve_preferences: [X25519]\n  client_allowed_sans: [a]\nrate_limit:\n  interval: 1s\n`,
      [
        `${P} rate_limit is not supported by discord-exporter: put a reverse proxy in front of the exporter to rate-limit it`,
        `${P} tls_server_config.cipher_suites is not supported by discord-exporter: remove it to use Node.js's default cipher suites`,
        `${P} tls_server_config.curve_preferences is not supported by discord-exporter: remove it to use Node.js's default curves`,
        `${P} tls_server_config.client_allowed_sans is not supported by discord-exporter: use a client CA that signs only the clients you allow`,
      ],
    ],
    [
      "http2: true",
      `${TLS}http_server_config:\n  http2: true\n`,
      [
        `${P} http_server_config.http2: true is not supported by discord-exporter (it serves HTTP/1.1): set it to false`,
      ],
    ],
    [
      "key_file without cert_file",
      "tls_server_config:\n  key_file: k.pem\n",
      [`${P} tls_server_config.cert_file is required when key_file is set`],
    ],
    [
      "cert_file without key_file",
      "tls_server_config:\n  cert_file: c.pem\n",
      [`${P} tls_server_config.key_file is required when cert_file is set`],
    ],
    [
      "inline key without cert",
      "tls_server_config:\n  key: abc\n",
      [`${P} tls_server_config.cert_file is required when key is set`],
    ],
    [
      "neither",
      "tls_server_config:\n  min_version: TLS13\n",
      [`${P} tls_server_config.cert_file and key_file are required`],
    ],
    [
      "an empty tls_server_config",
      "tls_server_config:\nbasic_auth_users:\n  a: x\n",
      [
        `${P} tls_server_config is empty: set cert_file and key_file, or remove it`,
        `${P} basic_auth_users.a: not a bcrypt hash (write the hash, never the password)`,
      ],
    ],
    [
      "both cert and cert_file",
      "tls_server_config:\n  cert: abc\n  cert_file: c.pem\n  key_file: k.pem\n",
      [`${P} tls_server_config: set cert or cert_file, not both`],
    ],
    [
      "wrong types",
      "tls_server_config:\n  cert_file: [a]\n  key_file: 7\n  prefer_server_cipher_suites: yes\n",
      [
        `${P} tls_server_config.cert_file must be a string, got a list`,
        `${P} tls_server_config.key_file must be a string, got a number`,
        `${P} tls_server_config.prefer_server_cipher_suites must be true or false, got a string`,
      ],
    ],
    [
      "wrong types, and nothing that follows from them",
      `${TLS}  client_auth_type: [RequireAndVerifyClientCert]\n  client_ca_file: ca.pem\n  min_version: 13\n`,
      [
        `${P} tls_server_config.client_auth_type must be a string, got a list`,
        `${P} tls_server_config.min_version must be a string, got a number`,
      ],
    ],
    [
      "sections of the wrong shape",
      "tls_server_config: yes\nhttp_server_config: [a]\nbasic_auth_users: [a]\n",
      [
        `${P} tls_server_config must be a mapping, got a string`,
        `${P} http_server_config must be a mapping, got a list`,
        `${P} basic_auth_users must be a mapping of user name to bcrypt hash, got a list`,
      ],
    ],
    [
      "an unknown client_auth_type",
      `${TLS}  client_auth_type: requireandverifyclientcert\n`,
      [
        `${P} tls_server_config.client_auth_type: unknown value "requireandverifyclientcert" (expected one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert)`,
      ],
    ],
    [
      "a client CA with no client auth policy",
      `${TLS}  client_ca_file: ca.pem\n`,
      [
        `${P} tls_server_config.client_ca_file is set but client_auth_type is NoClientCert: set client_auth_type: RequireAndVerifyClientCert to check client certificates`,
      ],
    ],
    [
      "verifying client certificates without a client CA",
      `${TLS}  client_auth_type: VerifyClientCertIfGiven\n`,
      [`${P} tls_server_config.client_ca_file is required when client_auth_type is VerifyClientCertIfGiven`],
    ],
    [
      "both client_ca and client_ca_file",
      `${TLS}  client_auth_type: RequireAndVerifyClientCert\n  client_ca: abc\n  client_ca_file: ca.pem\n`,
      [`${P} tls_server_config: set client_ca or client_ca_file, not both`],
    ],
    [
      "unknown TLS versions",
      `${TLS}  min_version: TLS1.2\n  max_version: TLS14\n`,
      [
        `${P} tls_server_config.min_version: unknown TLS version "TLS1.2" (expected TLS10, TLS11, TLS12 or TLS13)`,
        `${P} tls_server_config.max_version: unknown TLS version "TLS14" (expected TLS10, TLS11, TLS12 or TLS13)`,
      ],
    ],
    [
      "min_version above max_version",
      `${TLS}  min_version: TLS13\n  max_version: TLS12\n`,
      [`${P} tls_server_config.min_version TLS13 is above max_version TLS12`],
    ],
    [
      "bad headers",
      `${TLS}http_server_config:\n  headers:\n    X-Frame-Options: allow\n    X-Content-Type-Options: ""\n    X-Powered-By: me\n    X-XSS-Protection: 1\n`,
      [
        `${P} http_server_config.headers.X-Frame-Options must be deny or sameorigin, got "allow"`,
        `${P} http_server_config.headers.X-Content-Type-Options must be nosniff, got ""`,
        `${P} http_server_config.headers: "X-Powered-By" can not be configured (allowed: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy)`,
        `${P} http_server_config.headers.X-XSS-Protection must be a string, got a number`,
      ],
    ],
    [
      "a plain password, a user name with a colon, an empty hash",
      `basic_auth_users:\n  alice: hunter2\n  "a:b": ${HASH}\n  bob:\n  carol: "$2y$03$${HASH.slice(7)}"\n`,
      [
        `${P} basic_auth_users.alice: not a bcrypt hash (write the hash, never the password)`,
        `${P} basic_auth_users: user name "a:b" contains ":", which basic authentication cannot send`,
        `${P} basic_auth_users.bob: not a bcrypt hash (write the hash, never the password)`,
        `${P} basic_auth_users.carol: not a bcrypt hash (write the hash, never the password)`,
      ],
    ],
    [
      "an empty basic_auth_users",
      "basic_auth_users: {}\n",
      [`${P} basic_auth_users is empty: add a user, or remove it to turn basic authentication off`],
    ],
  ];

  it.each(cases)("%s", (_name, text, errors) => {
    expect(parseWebConfig(text, PATH)).toEqual({ ok: false, errors });
  });

  it("never shows a value given as a password hash", () => {
    const result = parseWebConfig("basic_auth_users:\n  alice: correct-horse-battery-staple\n", PATH);
    expect(JSON.stringify(result)).not.toContain("correct-horse");
  });

  it("never shows the source of a YAML error (it could be a key)", () => {
    const result = parseWebConfig("tls_server_config:\n  key: |\n  SECRETKEYMATERIAL\n bad", PATH);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain("SECRETKEYMATERIAL");
  });
});
