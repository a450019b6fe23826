/**
 * Web config YAML text → WebConfig, or one line per problem, each naming the field. Pure (node:path only
 * joins strings).
 *
 * The format is exporter-toolkit's (docs/web-configuration.md and web/tls_config.go there). Like the toolkit's
 * strict unmarshal, unknown keys are errors; toolkit fields this exporter cannot honour are errors that say so
 * (never silently ignored, since each of them narrows who may connect). Where this parser is stricter than the
 * toolkit it is about a file that would otherwise leave the exporter less protected than its author meant:
 * an empty tls_server_config or basic_auth_users, a verifying client_auth_type without client_ca_file, a file
 * that sets nothing.
 */
import { dirname, isAbsolute, join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { suggestKey } from "../config/suggest.js";
import { bcryptCost } from "./basic-auth-hash.js";
import {
  CLIENT_AUTH_TYPES,
  type ClientAuthType,
  CONFIGURABLE_HEADERS,
  type PemSource,
  TLS_VERSIONS,
  type TlsServerConfig,
  type TlsVersionName,
  type WebConfig,
  type WebConfigResult,
} from "./web-config.js";

type Fields = Record<string, unknown>;

interface Section {
  readonly known: readonly string[];
  /** Toolkit fields that exist but are refused here, with why / what to do instead. */
  readonly unsupported: Readonly<Record<string, string>>;
  /** Other names people use for a known key, for "did you mean". */
  readonly aliases?: ReadonlyMap<string, string>;
}

const TOP: Section = {
  known: ["tls_server_config", "http_server_config", "basic_auth_users"],
  unsupported: { rate_limit: "put a reverse proxy in front of the exporter to rate-limit it" },
  // tls_config: node_exporter's own format before the toolkit; users: what the map holds.
  aliases: new Map([
    ["tls_config", "tls_server_config"],
    ["users", "basic_auth_users"],
    ["basic_auth", "basic_auth_users"],
  ]),
};

const TLS: Section = {
  known: [
    "cert_file",
    "key_file",
    "cert",
    "key",
    "client_auth_type",
    "client_ca_file",
    "client_ca",
    "min_version",
    "max_version",
    "prefer_server_cipher_suites",
  ],
  unsupported: {
    // Go's cipher and curve names have no exact OpenSSL equivalents worth guessing at; Node's defaults are modern.
    cipher_suites: "remove it to use Node.js's default cipher suites",
    curve_preferences: "remove it to use Node.js's default curves",
    client_allowed_sans: "use a client CA that signs only the clients you allow",
  },
};

const HTTP: Section = {
  known: ["headers", "http2"],
  unsupported: {},
};

// "RequireClientCert" is the toolkit's old spelling, kept there for backwards compatibility.
const CLIENT_AUTH_ALIASES: Readonly<Record<string, ClientAuthType>> = { RequireClientCert: "RequireAnyClientCert" };
const VERIFYING: ReadonlySet<ClientAuthType> = new Set(["VerifyClientCertIfGiven", "RequireAndVerifyClientCert"]);

export function parseWebConfig(text: string, path: string): WebConfigResult {
  const prefix = `web config ${path}:`;
  const errors: string[] = [];
  const fail = (message: string): void => {
    errors.push(`${prefix} ${message}`);
  };

  const root = readYaml(text);
  if (typeof root === "string") return { ok: false, errors: [`${prefix} ${root}`] };
  if (root === null) {
    return { ok: false, errors: [`${prefix} is empty: set tls_server_config and/or basic_auth_users`] };
  }
  if (!isPlainObject(root)) {
    return {
      ok: false,
      errors: [`${prefix} must be a mapping (tls_server_config:, basic_auth_users:, ...), got ${describe(root)}`],
    };
  }

  checkKeys(root, TOP, "", fail);
  const tls = "tls_server_config" in root ? parseTls(root.tls_server_config, path, fail) : null;
  const headers = parseHttp(root.http_server_config, fail);
  const basicAuthUsers = "basic_auth_users" in root ? parseUsers(root.basic_auth_users, fail) : new Map();

  if (errors.length > 0) return { ok: false, errors };
  if (tls === null && basicAuthUsers.size === 0 && headers.size === 0) {
    return { ok: false, errors: [`${prefix} sets nothing: add tls_server_config and/or basic_auth_users`] };
  }
  return { ok: true, value: { path, tls, basicAuthUsers, headers } satisfies WebConfig };
}

/** The document as plain data, or a message when it is not YAML. */
function readYaml(text: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter, uniqueKeys: true });
  const first = [...doc.errors, ...doc.warnings][0];
  if (first !== undefined) {
    // The library's message may quote the source after a colon, and the source may hold a key or a hash.
    const message = (first.message.split(":")[0] ?? "").split("\n")[0]?.trim();
    return `not valid YAML (line ${lineCounter.linePos(first.pos[0]).line}: ${message})`;
  }
  if (isMap(doc.contents) && doc.contents.items.some((pair) => !isScalar(pair.key))) {
    return "not valid YAML (keys must be plain names)";
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? null;
  } catch {
    return "not valid YAML (too many aliases)";
  }
}

function checkKeys(fields: Fields, section: Section, where: string, fail: (message: string) => void): void {
  const names = [...section.known, ...Object.keys(section.unsupported)];
  for (const key of Object.keys(fields)) {
    const field = `${where}${key}`;
    const why = section.unsupported[key];
    if (why !== undefined) {
      fail(`${field} is not supported by discord-exporter: ${why}`);
    } else if (!section.known.includes(key)) {
      const hint = suggestKey(key, names, section.aliases);
      fail(`unknown key ${where}${fieldName(key)}${hint ? ` (did you mean ${where}${hint}?)` : ""}`);
    }
  }
}

function parseTls(value: unknown, configPath: string, fail: (message: string) => void): TlsServerConfig | null {
  if (value === null || (isPlainObject(value) && Object.keys(value).length === 0)) {
    fail("tls_server_config is empty: set cert_file and key_file, or remove it");
    return null;
  }
  if (!isPlainObject(value)) {
    fail(`tls_server_config must be a mapping, got ${describe(value)}`);
    return null;
  }
  checkKeys(value, TLS, "tls_server_config.", fail);
  const field = (key: string) => `tls_server_config.${key}`;
  // Fields of the wrong type are reported once, here; what depends on them is then not checked (no knock-on errors).
  const wrongType = new Set<string>();
  for (const [key, raw] of Object.entries(value)) {
    const wantsString = TLS.known.includes(key) && key !== "prefer_server_cipher_suites";
    if (wantsString && raw !== null && typeof raw !== "string") {
      fail(`${field(key)} must be a string, got ${describe(raw)}`);
      wrongType.add(key);
    }
  }
  const text = (key: string): string | undefined => {
    const raw = value[key];
    return typeof raw === "string" && raw !== "" ? raw : undefined;
  };
  const pem = (inline: string, file: string): PemSource | null | "invalid" => {
    if (wrongType.has(inline) || wrongType.has(file)) return "invalid";
    const pemText = text(inline);
    const filePath = text(file);
    if (pemText !== undefined && filePath !== undefined) {
      fail(`tls_server_config: set ${inline} or ${file}, not both`);
      return "invalid";
    }
    if (filePath !== undefined) return { kind: "file", field: field(file), path: resolveFrom(configPath, filePath) };
    if (pemText !== undefined) return { kind: "inline", field: field(inline), pem: pemText };
    return null;
  };

  const cert = pem("cert", "cert_file");
  const key = pem("key", "key_file");
  const missing = (name: string, other: PemSource | "invalid") =>
    other === "invalid" ? `${field(name)} is required` : requiredWhen(name, other);
  if (cert === null && key === null) fail("tls_server_config.cert_file and key_file are required");
  else if (cert === null && key !== null) fail(missing("cert_file", key));
  else if (key === null && cert !== null) fail(missing("key_file", cert));

  const clientAuth = wrongType.has("client_auth_type") ? undefined : parseClientAuth(text("client_auth_type"), fail);
  const clientCa = pem("client_ca", "client_ca_file");
  if (clientAuth !== undefined && clientCa !== "invalid") {
    if (clientCa !== null && clientAuth === "NoClientCert") {
      fail(
        `${clientCa.field} is set but client_auth_type is NoClientCert: set client_auth_type: RequireAndVerifyClientCert to check client certificates`,
      );
    }
    // Node would otherwise trust its bundled public CAs: any publicly issued certificate would get in.
    if (clientCa === null && VERIFYING.has(clientAuth)) {
      fail(`${field("client_ca_file")} is required when client_auth_type is ${clientAuth}`);
    }
  }

  const version = (key: string, fallback: TlsVersionName) =>
    wrongType.has(key) ? undefined : parseVersion(text(key), key, fallback, fail);
  const minVersion = version("min_version", "TLS12");
  const maxVersion = version("max_version", "TLS13");
  if (minVersion && maxVersion && TLS_VERSIONS.indexOf(minVersion) > TLS_VERSIONS.indexOf(maxVersion)) {
    fail(`${field("min_version")} ${minVersion} is above max_version ${maxVersion}`);
  }

  let preferServerCipherSuites = true;
  const prefer = value.prefer_server_cipher_suites;
  if (typeof prefer === "boolean") preferServerCipherSuites = prefer;
  else if (prefer !== undefined && prefer !== null) {
    fail(`${field("prefer_server_cipher_suites")} must be true or false, got ${describe(prefer)}`);
  }

  if (
    cert === null ||
    cert === "invalid" ||
    key === null ||
    key === "invalid" ||
    clientCa === "invalid" ||
    clientAuth === undefined ||
    minVersion === undefined ||
    maxVersion === undefined
  ) {
    return null;
  }
  return { cert, key, clientCa, clientAuth, minVersion, maxVersion, preferServerCipherSuites };
}

function requiredWhen(missing: string, present: PemSource): string {
  return `tls_server_config.${missing} is required when ${present.field.replace("tls_server_config.", "")} is set`;
}

function parseClientAuth(raw: string | undefined, fail: (message: string) => void): ClientAuthType | undefined {
  if (raw === undefined) return "NoClientCert";
  const known = CLIENT_AUTH_TYPES.find((name) => name === raw) ?? CLIENT_AUTH_ALIASES[raw];
  if (known === undefined) {
    fail(
      `tls_server_config.client_auth_type: unknown value ${quote(raw)} (expected one of ${CLIENT_AUTH_TYPES.join(", ")})`,
    );
  }
  return known;
}

function parseVersion(
  raw: string | undefined,
  key: string,
  fallback: TlsVersionName,
  fail: (message: string) => void,
): TlsVersionName | undefined {
  if (raw === undefined) return fallback;
  const known = TLS_VERSIONS.find((name) => name === raw);
  if (known === undefined) {
    fail(`tls_server_config.${key}: unknown TLS version ${quote(raw)} (expected TLS10, TLS11, TLS12 or TLS13)`);
  }
  return known;
}

function parseHttp(value: unknown, fail: (message: string) => void): Map<string, string> {
  const headers = new Map<string, string>();
  if (value === undefined || value === null) return headers;
  if (!isPlainObject(value)) {
    fail(`http_server_config must be a mapping, got ${describe(value)}`);
    return headers;
  }
  checkKeys(value, HTTP, "http_server_config.", fail);

  const http2 = value.http2;
  if (http2 === true) {
    fail("http_server_config.http2: true is not supported by discord-exporter (it serves HTTP/1.1): set it to false");
  } else if (http2 !== undefined && http2 !== false && http2 !== null) {
    fail(`http_server_config.http2 must be true or false, got ${describe(http2)}`);
  }

  const raw = value.headers;
  if (raw === undefined || raw === null) return headers;
  if (!isPlainObject(raw)) {
    fail(`http_server_config.headers must be a mapping of header name to value, got ${describe(raw)}`);
    return headers;
  }
  for (const [name, headerValue] of Object.entries(raw)) {
    const field = `http_server_config.headers.${fieldName(name)}`;
    if (!CONFIGURABLE_HEADERS.has(name)) {
      fail(
        `http_server_config.headers: ${quote(name)} can not be configured (allowed: ${[...CONFIGURABLE_HEADERS.keys()].join(", ")})`,
      );
      continue;
    }
    if (typeof headerValue !== "string") {
      fail(`${field} must be a string, got ${describe(headerValue)}`);
      continue;
    }
    // As in the toolkit: enumerated headers must take one of their values; the others are left unset if blank.
    const allowed = CONFIGURABLE_HEADERS.get(name);
    if (allowed && !allowed.includes(headerValue)) {
      fail(`${field} must be ${allowed.join(" or ")}, got ${quote(headerValue)}`);
      continue;
    }
    if (/[\r\n]/.test(headerValue)) {
      fail(`${field} must be on one line`);
      continue;
    }
    if (headerValue !== "") headers.set(name, headerValue);
  }
  return headers;
}

function parseUsers(value: unknown, fail: (message: string) => void): Map<string, string> {
  const users = new Map<string, string>();
  if (value === null || (isPlainObject(value) && Object.keys(value).length === 0)) {
    fail("basic_auth_users is empty: add a user, or remove it to turn basic authentication off");
    return users;
  }
  if (!isPlainObject(value)) {
    fail(`basic_auth_users must be a mapping of user name to bcrypt hash, got ${describe(value)}`);
    return users;
  }
  for (const [name, hash] of Object.entries(value)) {
    if (name.includes(":")) {
      fail(`basic_auth_users: user name ${quote(name)} contains ":", which basic authentication cannot send`);
      continue;
    }
    // The value is never shown: a plain password put here by mistake must not reach the logs.
    if (typeof hash !== "string" || bcryptCost(hash) === null) {
      fail(`basic_auth_users.${fieldName(name)}: not a bcrypt hash (write the hash, never the password)`);
      continue;
    }
    users.set(name, hash);
  }
  return users;
}

/** Relative paths are relative to the web config file's directory, as in the toolkit (config_util.JoinDir). */
function resolveFrom(configPath: string, file: string): string {
  return isAbsolute(file) ? file : join(dirname(configPath), file);
}

function fieldName(key: string): string {
  return /^[A-Za-z0-9_@-]+$/.test(key) ? key : quote(key);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
