/**
 * A real Prometheus for tests: the `prometheus` binary (Debian package `prometheus`) started on loopback with a
 * temporary config and data directory, plus small clients for its HTTP API.
 *
 *   const prom = await startPrometheus({ scrapeTargets: ["127.0.0.1:2112"], scrapeIntervalSeconds: 1 });
 *   try {
 *     await prom.waitForTargetsUp();
 *     const members = await prom.waitForVector("discord_guild_members");
 *   } finally {
 *     await prom.stop();
 *   }
 *
 * Binaries are found on PATH, or through PROMETHEUS_BIN / PROMTOOL_BIN. findTool() decides what a test does when
 * one is missing: skip with a message on a developer's machine, fail under CI=true.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { isCI } from "./ci.js";
import { freePort } from "./free-port.js";
import { spawnSmall } from "./small-spawn.js";

// ---------------------------------------------------------------- finding the binaries

export type ToolName = "prometheus" | "promtool";

export interface Tool {
  readonly name: ToolName;
  /** Absolute path of the executable, or null when it is not installed. */
  readonly path: string | null;
  /** True when the tool is missing and this is not CI: the caller should skip (a message was printed). */
  readonly skip: boolean;
  /** The path, or throws an error that says how to install the tool. */
  require(): string;
}

const TOOL_ENV: Record<ToolName, string> = { prometheus: "PROMETHEUS_BIN", promtool: "PROMTOOL_BIN" };
const INSTALL_HINT =
  "install it with: apt-get install -y --no-install-recommends prometheus (Debian; it brings promtool)";

/** Looks the tool up in $PROMETHEUS_BIN / $PROMTOOL_BIN, then on PATH. */
export function findExecutable(name: ToolName): string | null {
  const override = process.env[TOOL_ENV[name]];
  if (override) return isExecutable(override) ? path.resolve(override) : null;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

const warned = new Set<ToolName>();

/**
 * The tool and what to do without it: under CI=true a missing tool must fail the tests (call require() in a
 * test or beforeAll), elsewhere they are skipped with a message saying how to install it.
 */
export function findTool(name: ToolName): Tool {
  const found = findExecutable(name);
  const override = process.env[TOOL_ENV[name]];
  const where = override ? `${TOOL_ENV[name]}=${override} is not an executable file` : `${name} not found on PATH`;
  const message = `${where}: ${INSTALL_HINT}`;
  const skip = found === null && !isCI();
  if (skip && !warned.has(name)) {
    warned.add(name);
    process.stderr.write(
      `[test/deploy] SKIPPING the tests that need ${name}: ${message}. Under CI=true they fail instead.\n`,
    );
  }
  return {
    name,
    path: found,
    skip,
    require() {
      if (found === null) throw new Error(message);
      return found;
    },
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- API types

export type Labels = Record<string, string>;
/** [unix seconds, value as Prometheus prints it ("42", "NaN", "+Inf")] */
export type SamplePair = [number, string];
export interface InstantSample {
  metric: Labels;
  value: SamplePair;
}
export interface RangeSeries {
  metric: Labels;
  values: SamplePair[];
}
export type QueryData =
  | { resultType: "vector"; result: InstantSample[] }
  | { resultType: "matrix"; result: RangeSeries[] }
  | { resultType: "scalar"; result: SamplePair }
  | { resultType: "string"; result: SamplePair };

/** Prometheus's JSON envelope, as returned (queryRaw never throws on a PromQL error). */
export interface ApiResponse<T = unknown> {
  status: "success" | "error";
  data?: T;
  errorType?: string;
  error?: string;
  warnings?: string[];
  /** The HTTP status code. */
  httpStatus: number;
}

export interface TargetInfo {
  labels: Labels;
  scrapePool: string;
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  lastError: string;
  lastScrape: string;
}

export interface RuleInfo {
  type: "alerting" | "recording";
  name: string;
  query: string;
  health: "ok" | "err" | "unknown";
  lastError?: string;
  state?: "inactive" | "pending" | "firing";
  alerts?: { labels: Labels; annotations: Labels; state: string; value: string }[];
}
export interface RuleGroup {
  name: string;
  file: string;
  rules: RuleInfo[];
}

export interface ActiveAlert {
  labels: Labels;
  annotations: Labels;
  state: "pending" | "firing";
  activeAt: string;
  value: string;
}

export class PrometheusQueryError extends Error {
  constructor(
    readonly expr: string,
    readonly response: ApiResponse,
  ) {
    super(
      `Prometheus rejected ${JSON.stringify(expr)}: ${response.errorType ?? `HTTP ${response.httpStatus}`}: ${response.error ?? "(no message)"}`,
    );
    this.name = "PrometheusQueryError";
  }
}

// ---------------------------------------------------------------- starting

export interface StartPrometheusOptions {
  /** host:port of each target, e.g. "127.0.0.1:2112"; all in one job. Empty or omitted: no scraping. */
  scrapeTargets?: readonly string[];
  /** Default 1 (tests want data quickly; the compose stack uses 60). */
  scrapeIntervalSeconds?: number;
  /** Rule evaluation interval; defaults to the scrape interval. */
  evaluationIntervalSeconds?: number;
  /** Rule files to load (paths relative to the current directory are resolved). */
  ruleFiles?: readonly string[];
  /** The scrape job's name; default "discord-exporter" (the alerts match job=~"discord-exporter.*"). */
  jobName?: string;
  /** Default "/metrics". */
  metricsPath?: string;
  /** More command-line flags, e.g. ["--query.lookback-delta=1m"]. */
  extraArgs?: readonly string[];
  /** How long to wait for /-/ready; default 30 s. */
  startTimeoutMs?: number;
  /** The binary; default: findTool("prometheus").require(). */
  binary?: string;
}

export interface QueryRangeOptions {
  /** Unix seconds or a Date; default: 5 minutes ago. */
  start?: number | Date;
  /** Unix seconds or a Date; default: now. */
  end?: number | Date;
  /** Default 1. */
  stepSeconds?: number;
}

export interface WaitOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Default 250 ms. */
  intervalMs?: number;
}

export interface RunningPrometheus {
  /** http://127.0.0.1:PORT (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The temporary directory holding the config and the TSDB (removed by stop()). */
  readonly dir: string;
  readonly configFile: string;
  readonly pid: number;
  /** The config written, as an object. */
  readonly config: Record<string, unknown>;
  /** Instant query; throws PrometheusQueryError when Prometheus answers with an error. */
  query(expr: string, time?: number | Date): Promise<QueryData>;
  /** Instant query that must return a vector (an expression of type instant vector); its samples. */
  queryVector(expr: string, time?: number | Date): Promise<InstantSample[]>;
  /** Range query; the series of the matrix. */
  queryRange(expr: string, options?: QueryRangeOptions): Promise<RangeSeries[]>;
  /** GET /api/v1/query without interpretation: for checking that an expression parses. */
  queryRaw(expr: string, time?: number | Date): Promise<ApiResponse<QueryData>>;
  /** The active targets. */
  targets(): Promise<TargetInfo[]>;
  /**
   * Waits until every configured target (or `count` targets) has been scraped successfully; throws with each
   * target's last error on timeout. Prometheus hands new targets to its scraper every 5 s, so the first scrape
   * comes 5 to 6 s after start whatever the scrape interval.
   */
  waitForTargetsUp(options?: WaitOptions & { count?: number }): Promise<TargetInfo[]>;
  /** Polls an instant query until `until` accepts it (default: a non-empty vector); returns the samples. */
  waitForVector(
    expr: string,
    options?: WaitOptions & { until?: (samples: InstantSample[]) => boolean },
  ): Promise<InstantSample[]>;
  /** Loaded rule groups (GET /api/v1/rules). */
  rules(): Promise<RuleGroup[]>;
  /** Pending and firing alerts (GET /api/v1/alerts). */
  alerts(): Promise<ActiveAlert[]>;
  /** The last 64 KiB of Prometheus's output, for error messages. */
  logs(): string;
  /** SIGTERM, SIGKILL after 10 s; then removes the temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

const LOG_LIMIT = 64 * 1024;

/** Starts Prometheus on 127.0.0.1 at a free port and waits until it is ready. */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  // The port is free when chosen but could be taken before Prometheus binds it: try again with another.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

class PortInUseError extends Error {}

async function startOnce(options: StartPrometheusOptions, port: number): Promise<RunningPrometheus> {
  const binary = options.binary ?? findTool("prometheus").require();
  const interval = options.scrapeIntervalSeconds ?? 1;
  if (!(interval > 0)) throw new RangeError(`scrapeIntervalSeconds must be positive, got ${interval}`);
  const evaluation = options.evaluationIntervalSeconds ?? interval;
  const targets = options.scrapeTargets ?? [];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-prometheus-"));
  const dataDir = path.join(dir, "data");
  const configFile = path.join(dir, "prometheus.yml");
  const config: Record<string, unknown> = {
    global: {
      scrape_interval: `${interval}s`,
      scrape_timeout: `${Math.min(interval, 10)}s`,
      evaluation_interval: `${evaluation}s`,
    },
    rule_files: (options.ruleFiles ?? []).map((file) => path.resolve(file)),
    scrape_configs:
      targets.length === 0
        ? []
        : [
            {
              job_name: options.jobName ?? "discord-exporter",
              metrics_path: options.metricsPath ?? "/metrics",
              static_configs: [{ targets: [...targets] }],
            },
          ],
  };
  fs.writeFileSync(configFile, stringify(config));

  const args = [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    ...(options.extraArgs ?? []),
  ];
  let output = "";
  const child = spawnSmall(binary, args);
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > LOG_LIMIT) output = output.slice(-LOG_LIMIT);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null)));
    child.once("error", (error) => {
      collect(Buffer.from(`spawn error: ${error.message}\n`));
      resolve(-1);
    });
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  // A test runner that dies without calling stop() must not leave Prometheus behind.
  const killOnExit = () => {
    if (running) child.kill("SIGKILL");
  };
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener("exit", killOnExit);
    if (running) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        if (running) child.kill("SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(
      url,
      exited,
      () => running,
      options.startTimeoutMs ?? 30_000,
      () => output,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  const api = async <T>(route: string, params: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const query = new URLSearchParams(params).toString();
    const response = await fetch(`${url}${route}${query ? `?${query}` : ""}`, { signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    let body: Omit<ApiResponse<T>, "httpStatus">;
    try {
      body = JSON.parse(text) as Omit<ApiResponse<T>, "httpStatus">;
    } catch {
      body = { status: "error", errorType: "not_json", error: text.slice(0, 500) };
    }
    return { ...body, httpStatus: response.status };
  };
  const ok = async <T>(route: string, params: Record<string, string>, what: string): Promise<T> => {
    const response = await api<T>(route, params);
    if (response.status !== "success" || response.data === undefined) throw new PrometheusQueryError(what, response);
    return response.data;
  };

  const queryRaw = (expr: string, time?: number | Date) =>
    api<QueryData>(
      "/api/v1/query",
      time === undefined ? { query: expr } : { query: expr, time: String(unixSeconds(time)) },
    );
  const query = async (expr: string, time?: number | Date): Promise<QueryData> => {
    const response = await queryRaw(expr, time);
    if (response.status !== "success" || response.data === undefined) throw new PrometheusQueryError(expr, response);
    return response.data;
  };
  const queryVector = async (expr: string, time?: number | Date): Promise<InstantSample[]> => {
    const data = await query(expr, time);
    if (data.resultType !== "vector")
      throw new Error(`${JSON.stringify(expr)} returned a ${data.resultType}, not a vector`);
    return data.result;
  };
  const targetsNow = async (): Promise<TargetInfo[]> =>
    (await ok<{ activeTargets: TargetInfo[] }>("/api/v1/targets", { state: "active" }, "targets")).activeTargets;

  return {
    url,
    port,
    dir,
    configFile,
    pid: child.pid ?? -1,
    config,
    query,
    queryVector,
    queryRaw,
    async queryRange(expr, range = {}) {
      const end = range.end === undefined ? Date.now() / 1000 : unixSeconds(range.end);
      const start = range.start === undefined ? end - 300 : unixSeconds(range.start);
      const data = await ok<QueryData>(
        "/api/v1/query_range",
        { query: expr, start: String(start), end: String(end), step: String(range.stepSeconds ?? 1) },
        expr,
      );
      if (data.resultType !== "matrix")
        throw new Error(`range query ${JSON.stringify(expr)} returned a ${data.resultType}`);
      return data.result;
    },
    targets: targetsNow,
    async waitForTargetsUp(wait = {}) {
      const expected = wait.count ?? targets.length;
      let last: TargetInfo[] = [];
      const done = await poll(wait, async () => {
        last = await targetsNow();
        return last.length >= expected && last.every((target) => target.health === "up");
      });
      if (!done) {
        const states = last
          .map((t) => `${t.scrapeUrl}: ${t.health}${t.lastError ? ` (${t.lastError})` : ""}`)
          .join("; ");
        throw new Error(
          `Prometheus targets not all up within ${wait.timeoutMs ?? 30_000} ms: expected ${expected}, have [${states || "none"}]`,
        );
      }
      return last;
    },
    async waitForVector(expr, wait = {}) {
      const until = wait.until ?? ((samples: InstantSample[]) => samples.length > 0);
      let last: InstantSample[] = [];
      const done = await poll(wait, async () => {
        last = await queryVector(expr);
        return until(last);
      });
      if (!done)
        throw new Error(
          `${JSON.stringify(expr)} did not reach the expected result within ${wait.timeoutMs ?? 30_000} ms; last: ${JSON.stringify(last).slice(0, 1000)}`,
        );
      return last;
    },
    async rules() {
      return (await ok<{ groups: RuleGroup[] }>("/api/v1/rules", {}, "rules")).groups;
    },
    async alerts() {
      return (await ok<{ alerts: ActiveAlert[] }>("/api/v1/alerts", {}, "alerts")).alerts;
    },
    logs: () => output,
    stop,
  };
}

async function waitUntilReady(
  url: string,
  exited: Promise<number | null>,
  isRunning: () => boolean,
  timeoutMs: number,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning()) {
      const code = await exited;
      const text = logs();
      if (/address already in use/i.test(text)) throw new PortInUseError(text);
      throw new Error(`prometheus exited (code ${code}) before it was ready:\n${tail(text)}`);
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`prometheus was not ready at ${url} within ${timeoutMs} ms:\n${tail(logs())}`);
}

/** Calls check every intervalMs until it returns true (→ true) or the timeout passes (→ false). */
async function poll(options: WaitOptions, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(options.intervalMs ?? 250);
  }
}

function unixSeconds(time: number | Date): number {
  return time instanceof Date ? time.getTime() / 1000 : time;
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
