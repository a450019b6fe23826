// The compose option for TLS and basic auth: docker-compose.auth.yml, deploy/auth/ and
// deploy/prometheus/prometheus.auth.yml must point at each other, stay in step with docker-compose.yml and
// prometheus.yml, and work: a real Prometheus scrapes a real HTTPS exporter with prometheus.auth.yml's job and a
// certificate made by the openssl command in docs/monitoring-stack.md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { hashPassword } from "../../src/http/basic-auth-hash.js";
import { parseWebConfig } from "../../src/http/web-config-parse.js";
import { loadWebSecurity } from "../../src/http/web-security.js";
import { createTestApp } from "../http/test-app.js";
import { findTool, type RunningPrometheus, startPrometheus } from "../helpers/prometheus.js";
import { runSmall } from "../helpers/small-spawn.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test?: string[] };
  profiles?: string[];
}
interface Compose {
  services: Record<string, Service>;
}
interface ScrapeConfig {
  job_name: string;
  scheme?: string;
  basic_auth?: { username?: string; password_file?: string; password?: string };
  tls_config?: { ca_file?: string; server_name?: string; insecure_skip_verify?: boolean };
  static_configs?: { targets: string[] }[];
  [key: string]: unknown;
}
interface PrometheusConfig {
  scrape_configs: ScrapeConfig[];
  [key: string]: unknown;
}

const base = parse(read("docker-compose.yml"), { merge: true }) as Compose;
const auth = parse(read("docker-compose.auth.yml")) as Compose;
const promBase = parse(read("deploy/prometheus/prometheus.yml")) as PrometheusConfig;
const promAuth = parse(read("deploy/prometheus/prometheus.auth.yml")) as PrometheusConfig;
const EXAMPLE = "deploy/auth/exporter/web-config.example.yml";
const PLACEHOLDER = "REPLACE-WITH-A-BCRYPT-HASH";

function authService(name: string): Service {
  const found = auth.services[name];
  if (!found) throw new Error(`docker-compose.auth.yml has no service ${name}`);
  return found;
}

/** host folder (relative to the repository) → container path, for the bind mounts of a service. */
function binds(svc: Service): Map<string, string> {
  return new Map(
    (svc.volumes ?? []).map((volume) => {
      const [source = "", target = "", mode = ""] = volume.split(":");
      expect(mode, `${volume} should be read-only`).toBe("ro");
      return [path.normalize(source), target];
    }),
  );
}

function exporterJob(config: PrometheusConfig): ScrapeConfig {
  const job = config.scrape_configs.find((c) => c.job_name === "discord-exporter");
  if (!job) throw new Error("no discord-exporter job");
  return job;
}

describe("docker-compose.auth.yml", () => {
  it("adds to services of docker-compose.yml, not the demo's, and publishes nothing new", () => {
    expect(Object.keys(auth.services).sort()).toEqual(["exporter", "prometheus"]);
    for (const [name, svc] of Object.entries(auth.services)) {
      expect(base.services[name], name).toBeDefined();
      expect(svc.ports, name).toBeUndefined();
      expect(svc.profiles, name).toBeUndefined();
    }
  });

  it("points WEB_CONFIG_FILE into the folder it mounts, where the example is copied", () => {
    const exporter = authService("exporter");
    const file = exporter.environment?.WEB_CONFIG_FILE ?? "";
    const mounts = binds(exporter);
    expect(mounts.get("deploy/auth/exporter")).toBe(path.dirname(file));
    expect(path.basename(file)).toBe("web-config.yml");
    expect(fs.existsSync(path.join(ROOT, EXAMPLE))).toBe(true);
  });

  it("health-checks the exporter over HTTPS on /healthz, with node", () => {
    const test = authService("exporter").healthcheck?.test?.join(" ") ?? "";
    expect(test).toMatch(/require\('https'\)/);
    expect(test).toContain("path: '/healthz'");
    expect(test).toContain("port: 2112");
    expect(test).not.toMatch(/\b(curl|wget)\b/);
  });

  it("runs Prometheus with docker-compose.yml's flags, on prometheus.auth.yml, with deploy/auth/prometheus mounted", () => {
    const baseArgs = base.services.prometheus?.command ?? [];
    const authArgs = authService("prometheus").command ?? [];
    const configFlag = (arg: string) => arg.startsWith("--config.file=");
    expect(authArgs.filter((arg) => !configFlag(arg))).toEqual(baseArgs.filter((arg) => !configFlag(arg)));
    expect(authArgs.filter(configFlag)).toEqual(["--config.file=/etc/prometheus/prometheus.auth.yml"]);
    expect(fs.existsSync(path.join(ROOT, "deploy/prometheus/prometheus.auth.yml"))).toBe(true);
    expect(binds(authService("prometheus")).get("deploy/auth/prometheus")).toBe("/etc/prometheus-auth");
  });

  it("mounts folders that exist, whose secrets git ignores", async () => {
    for (const svc of Object.values(auth.services)) {
      for (const source of binds(svc).keys()) expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
    }
    const ignored = async (file: string) =>
      (await runSmall("git", ["check-ignore", "-q", file], { cwd: ROOT })).status === 0;
    for (const file of [
      "deploy/auth/exporter/web-config.yml",
      "deploy/auth/exporter/tls.key",
      "deploy/auth/exporter/tls.crt",
      "deploy/auth/prometheus/password",
      "deploy/auth/prometheus/exporter.crt",
    ]) {
      expect(await ignored(file), `${file} must be git-ignored`).toBe(true);
    }
    expect(await ignored(EXAMPLE)).toBe(false);
  });
});

describe("deploy/prometheus/prometheus.auth.yml", () => {
  it("is prometheus.yml, except for how the discord-exporter job connects", () => {
    const { scheme, basic_auth, tls_config, ...rest } = exporterJob(promAuth);
    expect([scheme, basic_auth, tls_config].every((value) => value !== undefined)).toBe(true);
    const stripped = {
      ...promAuth,
      scrape_configs: promAuth.scrape_configs.map((job) => (job.job_name === "discord-exporter" ? rest : job)),
    };
    expect(stripped).toEqual(promBase);
  });

  it("scrapes over HTTPS with the password and certificate from the mounted folder, as the example's user", () => {
    const job = exporterJob(promAuth);
    expect(job.scheme).toBe("https");
    expect(job.static_configs?.[0]?.targets).toEqual(["exporter:2112"]);
    expect(path.dirname(job.basic_auth?.password_file ?? "")).toBe("/etc/prometheus-auth");
    expect(job.basic_auth?.password).toBeUndefined();
    expect(path.dirname(job.tls_config?.ca_file ?? "")).toBe("/etc/prometheus-auth");
    expect(job.tls_config?.insecure_skip_verify).toBeUndefined();
    const example = parse(read(EXAMPLE)) as { basic_auth_users: Record<string, string> };
    expect(Object.keys(example.basic_auth_users)).toEqual([job.basic_auth?.username]);
  });

  const promtool = findTool("promtool");
  it.skipIf(promtool.skip)("passes promtool check config", async () => {
    const result = await runSmall(promtool.require(), ["check", "config", "prometheus.auth.yml"], {
      cwd: path.join(ROOT, "deploy/prometheus"),
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });
});

describe("deploy/auth/exporter/web-config.example.yml", () => {
  const target = "/etc/discord-exporter/web-config.yml";

  it("stops the exporter until the placeholder is replaced by a hash", () => {
    expect(parseWebConfig(read(EXAMPLE), target)).toEqual({
      ok: false,
      errors: [
        `web config ${target}: basic_auth_users.prometheus: not a bcrypt hash (write the hash, never the password)`,
      ],
    });
  });

  it("with a hash, serves TLS with tls.crt and tls.key from the mounted folder", () => {
    const result = parseWebConfig(read(EXAMPLE).replace(PLACEHOLDER, `$2b$10$${"a".repeat(53)}`), target);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.value.tls?.cert).toMatchObject({ path: "/etc/discord-exporter/tls.crt" });
    expect(result.value.tls?.key).toMatchObject({ path: "/etc/discord-exporter/tls.key" });
  });
});

// The certificate command of docs/monitoring-stack.md, with the output paths changed.
const CERT_SUBJECT = ["-subj", "/CN=exporter", "-addext", "subjectAltName=DNS:exporter,DNS:localhost,IP:127.0.0.1"];

it("docs/monitoring-stack.md gives the certificate command this file tests", () => {
  const docs = read("docs/monitoring-stack.md");
  expect(docs).toContain("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825");
  expect(docs).toContain(`-subj /CN=exporter -addext "${CERT_SUBJECT[3]}"`);
  expect(docs).toContain("docker compose -f docker-compose.yml -f docker-compose.auth.yml up -d");
});

const prometheusTool = findTool("prometheus");

describe.skipIf(prometheusTool.skip)("Prometheus scraping an HTTPS exporter with prometheus.auth.yml's job", () => {
  let dir: string;
  let exporter: ServerType | undefined;
  let prom: RunningPrometheus | undefined;
  let port = 0;

  beforeAll(async () => {
    prometheusTool.require();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-web-auth-"));
    const openssl = await runSmall("openssl", [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "825"],
      ...CERT_SUBJECT,
      ...["-keyout", path.join(dir, "tls.key"), "-out", path.join(dir, "tls.crt")],
    ]);
    expect(openssl.status, openssl.stderr).toBe(0);
    fs.copyFileSync(path.join(dir, "tls.crt"), path.join(dir, "exporter.crt"));
    // As `openssl rand -base64 24 > password` writes it: with a newline, which Prometheus drops.
    const password = randomBytes(18).toString("base64");
    fs.writeFileSync(path.join(dir, "password"), `${password}\n`);
    fs.writeFileSync(path.join(dir, "wrong-password"), "not-the-password\n");
    const hashed = await hashPassword(password, { cost: 10, randomBytes });
    if (!hashed.ok) throw new Error(hashed.error);
    fs.writeFileSync(path.join(dir, "web-config.yml"), read(EXAMPLE).replace(PLACEHOLDER, hashed.hash));

    const loaded = await loadWebSecurity(path.join(dir, "web-config.yml"), {
      readFile: (file) => readFile(file, "utf8"),
      now: Date.now,
      randomBytes,
    });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const app = createTestApp(loaded.value.middleware).app;
    exporter = await new Promise<ServerType>((resolve) => {
      const server: ServerType = serve(
        { fetch: app.fetch, hostname: "127.0.0.1", port: 0, ...loaded.value.serve },
        () => resolve(server),
      );
    });
    port = (exporter.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await prom?.stop();
    if (exporter) await new Promise<void>((resolve) => exporter?.close(() => resolve()));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is up with the right password and down (401) with a wrong one", async () => {
    // The job as shipped, pointed at this exporter and these files; server_name keeps the compose service name.
    const job = (name: string, passwordFile: string): ScrapeConfig => {
      const shipped = exporterJob(promAuth);
      return {
        ...shipped,
        job_name: name,
        basic_auth: { ...shipped.basic_auth, password_file: path.join(dir, passwordFile) },
        tls_config: { ...shipped.tls_config, ca_file: path.join(dir, "exporter.crt"), server_name: "exporter" },
        static_configs: [{ targets: [`127.0.0.1:${port}`] }],
      };
    };
    prom = await startPrometheus({ scrapeIntervalSeconds: 1, extraArgs: ["--web.enable-lifecycle"] });
    fs.writeFileSync(
      prom.configFile,
      stringify({
        ...prom.config,
        scrape_configs: [job("discord-exporter", "password"), job("wrong-password", "wrong-password")],
      }),
    );
    const reload = await fetch(`${prom.url}/-/reload`, { method: "POST" });
    expect(reload.status, await reload.text()).toBe(200);

    // Not waitForTargetsUp: it waits for every target to be up, and one is meant to stay down.
    const running = prom;
    const health = async () => new Map((await running.targets()).map((target) => [target.labels.job, target] as const));
    let targets = await health();
    for (let i = 0; i < 120; i++) {
      if (targets.get("discord-exporter")?.health === "up" && targets.get("wrong-password")?.health === "down") break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      targets = await health();
    }
    expect(targets.get("discord-exporter")).toMatchObject({ health: "up", lastError: "" });
    expect(targets.get("discord-exporter")?.scrapeUrl).toMatch(/^https:/);
    expect(targets.get("wrong-password")?.health).toBe("down");
    expect(targets.get("wrong-password")?.lastError).toMatch(/401/);
    const members = await prom.waitForVector('discord_guild_members{job="discord-exporter"}', { timeoutMs: 20_000 });
    expect(members[0]?.value[1]).toBe("42");
  });
});
