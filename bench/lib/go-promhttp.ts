/**
 * The Go anchor of the scrape scenario: bench/go-promhttp/main.go (the Go client library's promhttp handler), built
 * offline from Debian's packages and run as its own process. Failures come back as values, so the scenario can say
 * "Go build failed: ..." in its row instead of crashing.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./proc.js";

const run = promisify(execFile);

export const GO_SOURCE = path.join(ROOT, "bench", "go-promhttp", "main.go");

/** GOPATH mode on Debian's source packages: no module download, no network. */
function goEnv(tmpDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? tmpDir,
    GO111MODULE: "off",
    GOPATH: "/usr/share/gocode",
    GOPROXY: "off",
    GOFLAGS: "",
    GOCACHE: path.join(tmpDir, "go-cache"),
  };
}

export type GoBuild = { binary: string; version: string } | { error: string };

export async function buildGoPromhttp(tmpDir: string): Promise<GoBuild> {
  const binary = path.join(tmpDir, "go-promhttp");
  try {
    const env = goEnv(tmpDir);
    const { stdout: version } = await run("go", ["version"], { env });
    await run("go", ["build", "-o", binary, GO_SOURCE], { env, cwd: path.dirname(GO_SOURCE), timeout: 300_000 });
    return { binary, version: version.trim() };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    const message = stderr || (error instanceof Error ? error.message : String(error));
    return { error: message.split("\n").slice(0, 3).join(" ") };
  }
}

export interface GoServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function startGoPromhttp(binary: string, channels: number): Promise<GoServer> {
  const child: ChildProcess = spawn(binary, ["-listen", "127.0.0.1:0", "-channels", String(channels)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`go-promhttp did not start in 30 s: ${output}`)), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.on("error", fail);
    child.on("exit", (code) => fail(new Error(`go-promhttp exited (${code}): ${output.trim()}`)));
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (!match?.[1] || child.pid === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      resolve({
        url: match[1],
        pid: child.pid,
        async stop() {
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
  });
}
