// tls_server_config → node:https options and the per-connection check, with literal inputs.
import { describe, expect, it } from "vitest";
import { buildHttpsServerOptions, connectionCheck, type PeerCertificateInfo } from "../../src/http/tls-options.js";
import type { TlsServerConfig } from "../../src/http/web-config.js";

const BASE: TlsServerConfig = {
  cert: { kind: "inline", field: "tls_server_config.cert", pem: "C" },
  key: { kind: "inline", field: "tls_server_config.key", pem: "K" },
  clientCa: null,
  clientAuth: "NoClientCert",
  minVersion: "TLS12",
  maxVersion: "TLS13",
  preferServerCipherSuites: true,
};
const MATERIAL = { cert: "CERT", key: "KEY", clientCa: null };

describe("buildHttpsServerOptions", () => {
  it("maps the defaults", () => {
    expect(buildHttpsServerOptions(BASE, MATERIAL)).toEqual({
      cert: "CERT",
      key: "KEY",
      requestCert: false,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
      maxVersion: "TLSv1.3",
      honorCipherOrder: true,
    });
  });

  it.each([
    ["NoClientCert", false, false],
    ["RequestClientCert", true, false],
    ["RequireAnyClientCert", true, false],
    ["VerifyClientCertIfGiven", true, false],
    ["RequireAndVerifyClientCert", true, true],
  ] as const)("%s: requestCert %s, rejectUnauthorized %s", (clientAuth, requestCert, rejectUnauthorized) => {
    const options = buildHttpsServerOptions({ ...BASE, clientAuth }, { ...MATERIAL, clientCa: "CA" });
    expect(options).toMatchObject({ requestCert, rejectUnauthorized, ca: "CA" });
  });

  it("maps every TLS version name", () => {
    const versions = (["TLS10", "TLS11", "TLS12", "TLS13"] as const).map(
      (v) => buildHttpsServerOptions({ ...BASE, minVersion: v }, MATERIAL).minVersion,
    );
    expect(versions).toEqual(["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"]);
  });
});

describe("connectionCheck", () => {
  const socket = (sent: boolean, authorized: boolean): PeerCertificateInfo => ({
    authorized,
    getPeerCertificate: () => (sent ? { subject: { CN: "x" } } : {}),
  });

  it("is needed only where OpenSSL's two switches cannot express the policy", () => {
    expect(connectionCheck("NoClientCert")).toBeNull();
    expect(connectionCheck("RequestClientCert")).toBeNull();
    expect(connectionCheck("RequireAndVerifyClientCert")).toBeNull();
  });

  it("RequireAnyClientCert: any certificate, but one", () => {
    const check = connectionCheck("RequireAnyClientCert");
    expect(check?.(socket(false, false))).toBe("no client certificate");
    expect(check?.(socket(true, false))).toBeNull();
  });

  it("VerifyClientCertIfGiven: none, or one the client CA signed", () => {
    const check = connectionCheck("VerifyClientCertIfGiven");
    expect(check?.(socket(false, false))).toBeNull();
    expect(check?.(socket(true, true))).toBeNull();
    expect(check?.(socket(true, false))).toBe("client certificate not signed by the client CA");
  });
});
