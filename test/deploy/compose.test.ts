// Structure of docker-compose.yml, .env.example, the Prometheus config and Grafana's provisioning: the pieces
// must point at each other (service names, ports, mounted paths, datasource uid) and at files that exist.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Service {
  build?: string | { context?: string };
  image?: string;
  command?: string | string[];
  profiles?: string[];
  restart?: string;
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  ports?: (string | number | { target?: number; published?: number | string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, unknown>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read("docker-compose.yml");
// `<<: *anchor` merge keys are part of the Compose format.
const compose = parse(composeText, { merge: true }) as Compose;
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function environment(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((item) => [item.split("=")[0] ?? "", item.split("=").slice(1).join("=")]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? "")]));
}

function envFiles(svc: Service): string[] {
  const files = svc.env_file === undefined ? [] : Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
  return files.map((file) => (typeof file === "string" ? file : file.path));
}

function commandArgs(svc: Service): string[] {
  return typeof svc.command === "string" ? svc.command.split(/\s+/) : (svc.command ?? []);
}

interface Mount {
  source: string;
  target: string;
  bind: boolean;
}
function mounts(svc: Service): Mount[] {
  return (svc.volumes ?? []).map((volume) => {
    if (typeof volume === "string") {
      const [source = "", target = ""] = volume.split(":");
      return { source, target, bind: source.startsWith(".") || source.startsWith("/") || source.startsWith("~") };
    }
    return { source: volume.source ?? "", target: volume.target ?? "", bind: volume.type === "bind" };
  });
}

/** The container path where a host path (relative to the repo) is mounted in a service, or undefined. */
function mountTarget(svc: Service, hostPath: string): string | undefined {
  return mounts(svc).find((mount) => mount.bind && path.resolve(ROOT, mount.source) === path.resolve(ROOT, hostPath))
    ?.target;
}

function containerPorts(svc: Service): number[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === "object") return Number(port.target);
    const parts = String(port).split(":");
    return Number((parts[parts.length - 1] ?? "").split("/")[0]);
  });
}

describe("docker-compose.yml", () => {
  it("has the stack's services, and the demo's behind the demo profile", () => {
    for (const name of ["exporter", "prometheus", "grafana"]) expect(service(name).profiles, name).toBeUndefined();
    for (const name of ["fake-discord", "exporter-demo"]) expect(service(name).profiles, name).toEqual(["demo"]);
  });

  it("builds the exporter from this repository and restarts it unless stopped", () => {
    const exporter = service("exporter");
    const context = typeof exporter.build === "string" ? exporter.build : exporter.build?.context;
    expect(context).toBe(".");
    expect(fs.existsSync(path.join(ROOT, context ?? "", "Dockerfile"))).toBe(true);
    for (const name of ["exporter", "prometheus", "grafana"])
      expect(service(name).restart, name).toBe("unless-stopped");
  });

  it("gives the exporter its settings from .env and its database a volume at /data", () => {
    const exporter = service("exporter");
    expect(envFiles(exporter)).toEqual([".env"]);
    expect(environment(exporter).DATABASE_PATH).toBe("/data/discord-exporter.db");
    const data = mounts(exporter).find((mount) => mount.target === "/data");
    expect(data?.bind, "the database belongs on a named volume").toBe(false);
  });

  it("health-checks the exporter on /healthz with node (no curl in the image) and serves port 2112", () => {
    const exporter = service("exporter");
    const test = exporter.healthcheck?.test;
    const text = Array.isArray(test) ? test.join(" ") : (test ?? "");
    expect(text).toContain("/healthz");
    expect(text).toMatch(/\bnode\b/);
    expect(text).not.toMatch(/\b(curl|wget)\b/);
    expect(containerPorts(exporter)).toContain(2112);
  });

  it("declares every named volume it uses", () => {
    const declared = Object.keys(compose.volumes ?? {});
    const used = Object.values(services).flatMap((svc) =>
      mounts(svc)
        .filter((mount) => !mount.bind)
        .map((mount) => mount.source),
    );
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(declared, `volume ${name}`).toContain(name);
    // Each exporter its own database.
    expect(mounts(service("exporter")).find((m) => m.target === "/data")?.source).not.toBe(
      mounts(service("exporter-demo")).find((m) => m.target === "/data")?.source,
    );
  });

  it("bind-mounts only paths that exist in the repository", () => {
    const binds = Object.entries(services).flatMap(([name, svc]) =>
      mounts(svc)
        .filter((m) => m.bind)
        .map((m) => ({ name, ...m })),
    );
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      expect(bind.source.startsWith("."), `${bind.name}: ${bind.source} should be relative to the repository`).toBe(
        true,
      );
      expect(fs.existsSync(path.resolve(ROOT, bind.source)), `${bind.name}: ${bind.source} does not exist`).toBe(true);
    }
  });

  it("pins the Prometheus and Grafana images", () => {
    expect(service("prometheus").image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(service("grafana").image).toMatch(/^grafana\/grafana(-oss)?:\d+\.\d+\.\d+$/);
  });

  it("runs Prometheus on the mounted deploy/prometheus config, with a long retention", () => {
    const prometheus = service("prometheus");
    const target = mountTarget(prometheus, "./deploy/prometheus");
    expect(target).toBe("/etc/prometheus");
    const args = commandArgs(prometheus);
    expect(args).toContain(`--config.file=${target}/prometheus.yml`);
    const storage = args.find((arg) => arg.startsWith("--storage.tsdb.path="))?.split("=")[1];
    expect(mounts(prometheus).find((m) => m.target === storage)?.bind).toBe(false);
    expect(args.some((arg) => arg.startsWith("--storage.tsdb.retention.time="))).toBe(true);
  });

  it("provisions Grafana from deploy/grafana, with the admin password from .env", () => {
    const grafana = service("grafana");
    expect(mountTarget(grafana, "./deploy/grafana/provisioning/datasources")).toBe(
      "/etc/grafana/provisioning/datasources",
    );
    expect(mountTarget(grafana, "./deploy/grafana/provisioning/dashboards")).toBe(
      "/etc/grafana/provisioning/dashboards",
    );
    const env = environment(grafana);
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD[:?}]/);
    const home = env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? "";
    const dashboardsDir = mountTarget(grafana, "./deploy/grafana/dashboards");
    expect(dashboardsDir).toBeDefined();
    expect(home).toBe(`${dashboardsDir}/discord.json`);
  });

  it("points the demo exporter at the fake Discord with the fake's token, port and demo guild", () => {
    const fake = service("fake-discord");
    const args = commandArgs(fake);
    const flag = (name: string) => args[args.indexOf(name) + 1];
    // fake-discord/main.ts, bundled by the Dockerfile (test/deploy/dockerfile.test.ts): the image runs no TypeScript.
    expect(args.slice(0, 2)).toEqual(["node", "dist/fake-discord/main.js"]);
    expect(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8")).toContain("--outfile=dist/fake-discord/main.js");
    expect(fs.existsSync(path.join(ROOT, "fake-discord/main.ts"))).toBe(true);
    expect(flag("--host")).toBe("0.0.0.0");
    const demo = environment(service("exporter-demo"));
    expect(demo.DISCORD_API_URL).toBe(`http://fake-discord:${flag("--port")}/api`);
    expect(demo.DISCORD_TOKEN).toBe(flag("--token"));
    expect(demo.DISCORD_TOKEN).toBe("demo-token");
    expect(demo.DISCORD_GUILD_ID).toBe("1100000000000000001");
    expect(demo.POLL_INTERVAL).toBe("30s");
    expect(demo.DATABASE_PATH).toBe("/data/discord-exporter.db");
    // Built from the same image as the exporter.
    expect(fake.image).toBe(service("exporter").image);
    expect(service("exporter-demo").image).toBe(service("exporter").image);
  });

  it("documents in .env.example every variable it reads from the environment", () => {
    const example = read(".env.example");
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    const used = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]));
    expect(used.size).toBeGreaterThan(0);
    for (const name of used) expect(documented, `${name} is not in .env.example`).toContain(name);
  });
});

describe(".env.example", () => {
  const example = read(".env.example");
  it("has the three settings to fill in, empty", () => {
    for (const name of ["DISCORD_TOKEN", "DISCORD_GUILD_ID", "GRAFANA_ADMIN_PASSWORD"]) {
      expect(example).toMatch(new RegExp(`^${name}=$`, "m"));
    }
  });

  it("is the template; .env itself stays out of git and of the image", () => {
    expect(
      read(".gitignore")
        .split("\n")
        .map((line) => line.trim()),
    ).toContain(".env");
    const dockerignore = read(".dockerignore")
      .split("\n")
      .map((line) => line.trim());
    expect(dockerignore).toContain(".env");
    expect(dockerignore).toContain("node_modules");
  });
});

describe("deploy/prometheus/prometheus.yml", () => {
  interface ScrapeConfig {
    job_name: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; port?: number }[];
  }
  const config = parse(read("deploy/prometheus/prometheus.yml")) as {
    global: { scrape_interval: string };
    rule_files: string[];
    scrape_configs: ScrapeConfig[];
  };
  const addresses = (job: ScrapeConfig) => [
    ...(job.static_configs ?? []).flatMap((c) => c.targets),
    ...(job.dns_sd_configs ?? []).flatMap((c) => c.names.map((name) => `${name}:${c.port}`)),
  ];

  it("scrapes the exporter and the demo exporter, in jobs the alerts match", () => {
    const byAddress = new Map(
      config.scrape_configs.flatMap((job) => addresses(job).map((address) => [address, job.job_name])),
    );
    for (const address of ["exporter:2112", "exporter-demo:2112"]) {
      expect(byAddress.get(address), address).toMatch(/^discord-exporter/);
      const serviceName = address.split(":")[0] ?? "";
      expect(containerPorts(service(serviceName))).toContain(2112);
    }
  });

  it("scrapes about once a minute: the data changes every 15 minutes", () => {
    const match = /^(\d+)s$/.exec(config.global.scrape_interval);
    expect(Number(match?.[1])).toBeGreaterThanOrEqual(30);
    expect(Number(match?.[1])).toBeLessThanOrEqual(120);
  });

  it("loads alerts.yml, relative to itself", () => {
    expect(config.rule_files).toContain("alerts.yml");
    for (const file of config.rule_files)
      expect(fs.existsSync(path.join(ROOT, "deploy/prometheus", file)), file).toBe(true);
  });
});

describe("deploy/grafana provisioning", () => {
  it("provisions the Prometheus datasource with the fixed uid the dashboard uses, at the compose service", () => {
    const ds = parse(read("deploy/grafana/provisioning/datasources/prometheus.yml")) as {
      datasources: { uid: string; type: string; url: string; jsonData?: { timeInterval?: string } }[];
    };
    expect(ds.datasources).toHaveLength(1);
    const [prometheus] = ds.datasources;
    expect(prometheus?.uid).toBe("prometheus");
    expect(prometheus?.type).toBe("prometheus");
    const url = new URL(prometheus?.url ?? "");
    expect(services[url.hostname], `${url.hostname} is not a compose service`).toBeDefined();
    expect(url.port).toBe("9090");
    const scrape = (parse(read("deploy/prometheus/prometheus.yml")) as { global: { scrape_interval: string } }).global
      .scrape_interval;
    expect(prometheus?.jsonData?.timeInterval).toBe(scrape);
  });

  it("loads dashboards from where docker-compose.yml mounts deploy/grafana/dashboards", () => {
    const providers = parse(read("deploy/grafana/provisioning/dashboards/dashboards.yml")) as {
      providers: { type: string; options: { path: string } }[];
    };
    expect(providers.providers).toHaveLength(1);
    const provider = providers.providers[0];
    expect(provider?.type).toBe("file");
    expect(provider?.options.path).toBe(mountTarget(service("grafana"), "./deploy/grafana/dashboards"));
    expect(fs.existsSync(path.join(ROOT, "deploy/grafana/dashboards/discord.json"))).toBe(true);
  });
});
