/**
 * Certificates for the TLS tests, made by openssl in a temporary directory: a CA, a server certificate it
 * signed for 127.0.0.1 / localhost, a client certificate it signed, a self-signed "rogue" client certificate,
 * the server key encrypted with a passphrase, an unrelated key, and a self-signed certificate with a 512-bit RSA
 * key that OpenSSL refuses to serve. EC P-256 otherwise, all valid for two days.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runSmall } from "../helpers/small-spawn.js";

export interface TlsFixtures {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly rogueCert: string;
  readonly rogueKey: string;
  readonly encryptedServerKey: string;
  readonly otherKey: string;
  readonly weakCert: string;
  readonly weakKey: string;
  /** Reads one of the files above. */
  read(file: string): string;
  remove(): void;
}

const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

export async function makeTlsFixtures(): Promise<TlsFixtures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-tls-"));
  const run = async (...args: string[]) => {
    const result = await runSmall("openssl", args, { cwd: dir });
    if (result.error) throw new Error(`openssl is needed for the TLS tests: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${result.stderr}`);
  };
  const file = (name: string) => path.join(dir, name);
  fs.writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  fs.writeFileSync(file("client.ext"), "extendedKeyUsage=clientAuth\n");

  await run("req", "-x509", ...EC, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test CA");
  for (const [name, subject] of [
    ["server", "/CN=localhost"],
    ["client", "/CN=prometheus"],
  ] as const) {
    await run("req", ...EC, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject);
    await run(
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
      "-out",
      `${name}.crt`,
    );
  }
  await run("req", "-x509", ...EC, "-keyout", "rogue.key", "-out", "rogue.crt", "-days", "2", "-subj", "/CN=rogue");
  await run("pkey", "-in", "server.key", "-aes256", "-passout", "pass:secret", "-out", "server-encrypted.key");
  await run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
  await run(
    "req",
    "-x509",
    "-newkey",
    "rsa:512",
    "-nodes",
    "-keyout",
    "weak.key",
    "-out",
    "weak.crt",
    "-subj",
    "/CN=weak",
  );

  return {
    dir,
    caCert: file("ca.crt"),
    serverCert: file("server.crt"),
    serverKey: file("server.key"),
    clientCert: file("client.crt"),
    clientKey: file("client.key"),
    rogueCert: file("rogue.crt"),
    rogueKey: file("rogue.key"),
    encryptedServerKey: file("server-encrypted.key"),
    otherKey: file("other.key"),
    weakCert: file("weak.crt"),
    weakKey: file("weak.key"),
    read: (name) => fs.readFileSync(name, "utf8"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
