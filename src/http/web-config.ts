/**
 * The web configuration file (WEB_CONFIG_FILE), in the format of Prometheus's exporter-toolkit
 * (https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md), as parsed by
 * web-config-parse.ts. Types only.
 */

/** The toolkit's names for Go's tls.ClientAuthType values ("RequireClientCert" is read as RequireAnyClientCert). */
export const CLIENT_AUTH_TYPES = [
  "NoClientCert",
  "RequestClientCert",
  "RequireAnyClientCert",
  "VerifyClientCertIfGiven",
  "RequireAndVerifyClientCert",
] as const;
export type ClientAuthType = (typeof CLIENT_AUTH_TYPES)[number];

export const TLS_VERSIONS = ["TLS10", "TLS11", "TLS12", "TLS13"] as const;
export type TlsVersionName = (typeof TLS_VERSIONS)[number];

/** PEM text given in the file itself (`cert:`), or the path of a file holding it (`cert_file:`). */
export type PemSource =
  | { readonly kind: "inline"; readonly field: string; readonly pem: string }
  /** `path` is already resolved against the web config file's directory, as the toolkit does. */
  | { readonly kind: "file"; readonly field: string; readonly path: string };

export interface TlsServerConfig {
  readonly cert: PemSource;
  readonly key: PemSource;
  /** Set exactly when clientAuth verifies certificates (VerifyClientCertIfGiven, RequireAndVerifyClientCert). */
  readonly clientCa: PemSource | null;
  readonly clientAuth: ClientAuthType;
  readonly minVersion: TlsVersionName;
  readonly maxVersion: TlsVersionName;
  readonly preferServerCipherSuites: boolean;
}

/** The security-related response headers the toolkit lets a file set (and no others). */
export const CONFIGURABLE_HEADERS: ReadonlyMap<string, readonly string[] | null> = new Map([
  ["Strict-Transport-Security", null],
  ["X-Content-Type-Options", ["nosniff"]],
  ["X-Frame-Options", ["deny", "sameorigin"]],
  ["X-XSS-Protection", null],
  ["Content-Security-Policy", null],
]);

export interface WebConfig {
  /** The file, as given: every error about it starts with it. */
  readonly path: string;
  /** null: plain HTTP. */
  readonly tls: TlsServerConfig | null;
  /** User name → bcrypt hash. Empty: no basic authentication. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  /** Added to every response (http_server_config.headers). */
  readonly headers: ReadonlyMap<string, string>;
}

/** What parsing or loading returns: the config, or every problem found, one line each, each naming the field. */
export type WebConfigResult<T = WebConfig> = { ok: true; value: T } | { ok: false; errors: string[] };
