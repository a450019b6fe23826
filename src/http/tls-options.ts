/**
 * tls_server_config → what node:https needs: the options for https.createServer, and for the two client
 * certificate policies OpenSSL cannot express through those options, a check on each new TLS connection.
 * Pure, apart from tlsServerFactory, which only wraps https.createServer.
 */
import https from "node:https";
import type { TLSSocket } from "node:tls";
import type { ClientAuthType, TlsServerConfig, TlsVersionName } from "./web-config.js";

/** The PEM texts named by a TlsServerConfig, read by web-config-load.ts. */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  readonly clientCa: string | null;
}

const NODE_TLS_VERSIONS: Readonly<Record<TlsVersionName, "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3">> = {
  TLS10: "TLSv1",
  TLS11: "TLSv1.1",
  TLS12: "TLSv1.2",
  TLS13: "TLSv1.3",
};

/**
 * Go's tls.ClientAuthType mapped onto Node's two switches. Only RequireAndVerifyClientCert maps exactly;
 * RequireAnyClientCert and VerifyClientCertIfGiven let OpenSSL finish the handshake and leave the rest to
 * connectionCheck() below.
 */
const CLIENT_AUTH: Readonly<Record<ClientAuthType, { requestCert: boolean; rejectUnauthorized: boolean }>> = {
  NoClientCert: { requestCert: false, rejectUnauthorized: false },
  RequestClientCert: { requestCert: true, rejectUnauthorized: false },
  RequireAnyClientCert: { requestCert: true, rejectUnauthorized: false },
  VerifyClientCertIfGiven: { requestCert: true, rejectUnauthorized: false },
  RequireAndVerifyClientCert: { requestCert: true, rejectUnauthorized: true },
};

export function buildHttpsServerOptions(tls: TlsServerConfig, material: TlsMaterial): https.ServerOptions {
  return {
    cert: material.cert,
    key: material.key,
    ...(material.clientCa === null ? {} : { ca: material.clientCa }),
    ...CLIENT_AUTH[tls.clientAuth],
    minVersion: NODE_TLS_VERSIONS[tls.minVersion],
    maxVersion: NODE_TLS_VERSIONS[tls.maxVersion],
    honorCipherOrder: tls.preferServerCipherSuites,
  };
}

/** What a check needs from a TLS connection (a TLSSocket has both). */
export interface PeerCertificateInfo {
  /** True when the peer's certificate verified against the client CA. */
  readonly authorized: boolean;
  /** An empty object when the peer sent no certificate. */
  getPeerCertificate(): object;
}

/** Why a new connection must be closed, or null to keep it. */
export type ConnectionCheck = (socket: PeerCertificateInfo) => string | null;

/** The check a policy needs on top of buildHttpsServerOptions, or null when OpenSSL enforces it alone. */
export function connectionCheck(clientAuth: ClientAuthType): ConnectionCheck | null {
  const sentCertificate = (socket: PeerCertificateInfo) => Object.keys(socket.getPeerCertificate()).length > 0;
  switch (clientAuth) {
    case "RequireAnyClientCert":
      return (socket) => (sentCertificate(socket) ? null : "no client certificate");
    case "VerifyClientCertIfGiven":
      return (socket) =>
        sentCertificate(socket) && !socket.authorized ? "client certificate not signed by the client CA" : null;
    default:
      return null;
  }
}

/**
 * https.createServer, closing each connection that `check` refuses before a request on it is read. For serve()
 * from @hono/node-server, which calls createServer(serverOptions, listener) once.
 */
export function tlsServerFactory(check: ConnectionCheck | null): typeof https.createServer {
  if (check === null) return https.createServer;
  const create = (options: https.ServerOptions, listener?: Parameters<typeof https.createServer>[1]) => {
    const server = https.createServer(options, listener);
    // First, ahead of the HTTP parser node:https attaches to the same event.
    server.prependListener("secureConnection", (socket: TLSSocket) => {
      if (check(socket) !== null) socket.destroy();
    });
    return server;
  };
  // createServer's type is two generic overloads; serve() uses the (options, listener) one, which `create` is.
  return create as typeof https.createServer;
}
