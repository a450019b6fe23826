/**
 * The I/O around parseWebConfig: reads the web config file and the PEM files it names, and checks that Node
 * can use them (a certificate, a private key that belongs to it, a client CA with certificates in it), so that
 * a bad file stops the exporter at start with one line per problem instead of failing every TLS handshake.
 *
 * Read once: unlike the toolkit, which rereads the file on every request and the certificate on every
 * connection, a changed file or a renewed certificate takes a restart.
 */
import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { createSecureContext } from "node:tls";
import { buildHttpsServerOptions, type TlsMaterial } from "./tls-options.js";
import type { PemSource, TlsServerConfig, WebConfig, WebConfigResult } from "./web-config.js";
import { parseWebConfig } from "./web-config-parse.js";
import { describeReadFailure } from "../config/read-failure.js";

export interface LoadedWebConfig {
  readonly config: WebConfig;
  /** The PEM texts, present exactly when config.tls is. */
  readonly tlsMaterial: TlsMaterial | null;
  /** The server certificate, for the startup log line (an expired one still loads, as in the toolkit). */
  readonly certificate: { readonly subject: string; readonly validTo: Date } | null;
}

export interface ReadWebConfigOptions {
  /** Reads a file as UTF-8, rejecting with a Node error (code ENOENT etc.): fs.promises.readFile. */
  readonly readFile: (path: string) => Promise<string>;
}

export async function readWebConfig(
  path: string,
  options: ReadWebConfigOptions,
): Promise<WebConfigResult<LoadedWebConfig>> {
  let text: string;
  try {
    text = await options.readFile(path);
  } catch (error) {
    return { ok: false, errors: [`web config ${path} ${describeReadFailure(error)}`] };
  }
  const parsed = parseWebConfig(text, path);
  if (!parsed.ok) return parsed;
  const config = parsed.value;
  if (config.tls === null) return { ok: true, value: { config, tlsMaterial: null, certificate: null } };

  const prefix = `web config ${path}:`;
  const errors: string[] = [];
  const read = async (source: PemSource): Promise<string | null> => {
    if (source.kind === "inline") return source.pem;
    try {
      return await options.readFile(source.path);
    } catch (error) {
      errors.push(`${prefix} ${source.field} ${source.path} ${describeReadFailure(error)}`);
      return null;
    }
  };
  const tls = config.tls;
  // One after the other, so that the errors come in the same order every time.
  const cert = await read(tls.cert);
  const key = await read(tls.key);
  const clientCa = tls.clientCa ? await read(tls.clientCa) : null;
  if (cert === null || key === null || (tls.clientCa !== null && clientCa === null)) return { ok: false, errors };

  const material: TlsMaterial = { cert, key, clientCa };
  const certificate = checkMaterial(tls, material, (message) => errors.push(`${prefix} ${message}`));
  if (errors.length > 0 || certificate === null) return { ok: false, errors };
  return { ok: true, value: { config, tlsMaterial: material, certificate } };
}

/** The server certificate's details if Node can use the material; otherwise null, after reporting why. */
function checkMaterial(
  tls: TlsServerConfig,
  material: TlsMaterial,
  fail: (message: string) => void,
): LoadedWebConfig["certificate"] {
  const where = (source: PemSource) => (source.kind === "file" ? `${source.field} ${source.path}` : source.field);

  let leaf: X509Certificate | null = null;
  try {
    leaf = new X509Certificate(material.cert);
  } catch {
    fail(`${where(tls.cert)}: not a PEM certificate`);
  }
  let key: KeyObject | null = null;
  // PKCS#8 ("ENCRYPTED PRIVATE KEY") or the older OpenSSL form with a Proc-Type header; OpenSSL's own error for
  // these ("interrupted or cancelled": it could not prompt for a passphrase) would not tell anyone what to do.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: 4,ENCRYPTED/m.test(material.key)) {
    fail(
      `${where(tls.key)}: the key is encrypted, and the web config has no passphrase (decrypt it with openssl pkey)`,
    );
  } else {
    try {
      key = createPrivateKey(material.key);
    } catch {
      fail(`${where(tls.key)}: not a PEM private key`);
    }
  }
  if (leaf !== null && key !== null && !leaf.checkPrivateKey(key)) {
    fail(`${where(tls.key)} is not the key of ${where(tls.cert)}`);
    return null;
  }
  if (tls.clientCa !== null && material.clientCa !== null) {
    const blocks = material.clientCa.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) fail(`${where(tls.clientCa)}: has no PEM certificate`);
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch {
        fail(`${where(tls.clientCa)}: holds a certificate that cannot be read`);
        break;
      }
    }
  }
  if (leaf === null || key === null) return null;

  // Last: what OpenSSL itself refuses (a key too small for its security level, ...). Its reasons name no secret.
  try {
    createSecureContext(buildHttpsServerOptions(tls, material));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : "unknown error";
    fail(`tls_server_config: Node.js cannot use this certificate and key (${reason})`);
    return null;
  }
  return { subject: leaf.subject.replace(/\n/g, ", "), validTo: new Date(leaf.validTo) };
}
