import path from "node:path";
import { fileURLToPath } from "node:url";
import { runSmall, type SpawnedChild, spawnSmall } from "./small-spawn.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface ExporterProcess {
  child: SpawnedChild;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// The fake has no global rate limit unless a test asks for one: no need to hold to Discord's 50 requests/s.
const UNTHROTTLED = { PATH: process.env.PATH ?? "", DISCORD_GLOBAL_RATE_LIMIT: "10000" };

/**
 * A script of src/ as the compiled JavaScript in dist/ (built by npm test, or by test/global-setup.ts), run on plain
 * node: the code `npm start` runs, without its V8 memory flags (they change memory and CPU, not behaviour; the image
 * check runs the image's CMD with them). Other paths (fake-discord/, scripts/) run under tsx.
 */
function nodeArgs(script: string): string[] {
  const built = /^src\/(.+)\.ts$/.exec(script);
  if (built) return [`dist/${built[1]}.js`];
  return script.endsWith(".ts") ? ["--import", "tsx", script] : [script];
}

/** The real exporter as its own process: the built CLI's `serve`, as `npm start` runs it. */
export function spawnExporter(
  env: Record<string, string>,
  port: number,
  command = "src/cli/main.ts serve",
): ExporterProcess {
  const [script, ...args] = command.split(" ");
  const child = spawnSmall(process.execPath, [...nodeArgs(script!), ...args], {
    cwd: ROOT,
    env: { ...UNTHROTTLED, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Runs a CLI script to completion and returns its exit code and output. */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Resolved on "close", not "exit": the output pipes may still hold data when the process exits.
  const result = await runSmall(process.execPath, [...nodeArgs(script), ...args], {
    cwd: ROOT,
    env: { ...UNTHROTTLED, ...env },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}
