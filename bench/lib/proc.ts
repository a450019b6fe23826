/** The exporter as its own process, the way production runs it (see productionArgs), configured by env vars. */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../test/helpers/free-port.js";
import { BENCH_TOKEN } from "./fake.js";
import { sleep, waitUntil } from "./format.js";
import { fetchMetrics, sampleValue } from "./metrics-text.js";
import { TSX_LAUNCH } from "./snapshot.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let codeRoot = ROOT;
let productionLaunch: string[] = TSX_LAUNCH;

/** Where exporter processes start from (a snapshot taken when the run began) and how production launches them. */
export function setCodeRoot(dir: string, launch: string[]): void {
  codeRoot = dir;
  productionLaunch = launch;
}

/** The directory the code under test is loaded from (the run's snapshot, or the repository itself). */
export function codeRootDir(): string {
  return codeRoot;
}

/** Node arguments of the production launch (`dist/cli/main.js serve` when the code has a build, else tsx on the sources). */
export function productionArgs(): string[] {
  return productionLaunch;
}

export { freePort };

export interface ProcessOptions {
  apiUrl: string;
  databasePath: string;
  guildIds: string[];
  concurrency?: number;
  pollInterval?: string;
  env?: Record<string, string>;
  /** Node arguments; default the production launch (see productionArgs). */
  nodeArgs?: string[];
}

export interface ExporterProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  startedAt: number;
  output(): string;
  /** SIGTERM, then waits for the exit (the exporter finishes its page in flight). */
  stop(): Promise<number | null>;
}

export function spawnCommand(options: ProcessOptions, port: number): string {
  const env = processEnv(options, port);
  const shown = Object.entries(env)
    .filter(([key]) => key !== "PATH" && key !== "DISCORD_TOKEN" && key !== "PORT")
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  return `${shown} node ${(options.nodeArgs ?? productionLaunch).join(" ")}`;
}

function processEnv(options: ProcessOptions, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    DISCORD_TOKEN: BENCH_TOKEN,
    DISCORD_GUILD_ID: options.guildIds.join(","),
    DISCORD_API_URL: options.apiUrl,
    DATABASE_PATH: options.databasePath,
    HOST: "127.0.0.1",
    PORT: String(port),
    POLL_INTERVAL: options.pollInterval ?? "15m",
    CONCURRENCY: String(options.concurrency ?? 5),
    LOG_LEVEL: "warn",
    ...options.env,
  };
}

export async function spawnExporter(options: ProcessOptions): Promise<ExporterProcess> {
  const port = await freePort();
  const startedAt = Date.now();
  const child = spawn(process.execPath, options.nodeArgs ?? productionLaunch, {
    cwd: codeRoot,
    env: processEnv(options, port),
    stdio: [
      "ignore",
      process.env.BENCH_CHILD_STDIO === "inherit" ? "inherit" : "pipe",
      process.env.BENCH_CHILD_STDIO === "inherit" ? "inherit" : "pipe",
    ],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  await waitUntil(
    "the exporter to serve /healthz",
    async () => {
      if (dead) throw new Error(`exporter exited early:\n${output}`);
      try {
        const response = await fetch(`${url}/healthz`);
        return response.ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 30_000, intervalMs: 50 },
  );
  if (child.pid === undefined) throw new Error("exporter has no pid");
  return {
    child,
    pid: child.pid,
    url,
    startedAt,
    output: () => output,
    async stop() {
      if (!dead) child.kill("SIGTERM");
      const timeout = sleep(20_000).then(() => {
        if (!dead) child.kill("SIGKILL");
        return null;
      });
      return Promise.race([exited, timeout]);
    },
  };
}

export interface ProcMemory {
  rssBytes: number;
  hwmBytes: number;
  /** RssAnon: heaps (V8, malloc, SQLite's cache); RssFile: mapped files, mostly the node binary's code. */
  anonBytes: number;
  fileBytes: number;
}

/** VmRSS, VmHWM (peak RSS) and the RSS split of a process, from /proc/PID/status (Linux). */
export function readProcMemory(pid: number): ProcMemory | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    return {
      rssBytes: field("VmRSS"),
      hwmBytes: field("VmHWM"),
      anonBytes: field("RssAnon"),
      fileBytes: field("RssFile"),
    };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/PID/stat. */
export function readProcCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

/** Waits until the exporter reports its first successful sync on /metrics. */
export async function waitForFirstSync(
  proc: ExporterProcess,
  options: { timeoutMs: number; intervalMs: number },
): Promise<void> {
  await waitUntil(
    "the first sync",
    async () =>
      (sampleValue(await fetchMetrics(proc.url), "discord_exporter_syncs_total", { result: "success" }) ?? 0) >= 1
        ? true
        : undefined,
    options,
  );
}
