import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const WRITTEN = "all written\n";

/**
 * Runs a script that writes 40 × 64 KiB to stdout and then exits as told, read through a pipe nobody reads until the
 * script says on stderr that it has written everything: far more than the pipe and the reader's buffer hold, so the
 * rest is still queued in the process when it exits. Waiting for that word, not for a fixed time: a child that starts
 * slower than the wait (a loaded machine, a profiler) writes into a pipe already being read, and may lose nothing.
 */
async function bytesThroughSlowPipe(exit: string): Promise<number> {
  const script = `
    const { exitWhenFlushed } = await import(${JSON.stringify(new URL("../../src/cli/exit.ts", import.meta.url).href)});
    for (let i = 0; i < 40; i++) process.stdout.write("x".repeat(65536));
    process.stderr.write(${JSON.stringify(WRITTEN)});
    ${exit};`;
  // The source under tsx: the build bundles exit.ts into the CLI, with no module of its own to import.
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const closed = new Promise((resolve) => child.once("close", resolve));
  // Nobody reads at first: the pipe fills, the rest waits in the process.
  child.stdout.pause();
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(WRITTEN)) resolve();
    });
    child.once("close", () => reject(new Error(`the script ended before writing everything:\n${stderr}`)));
  });
  let bytes = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  child.stdout.resume();
  await closed;
  return bytes;
}

describe("the CLI's exit", () => {
  it("process.exit() right after writing loses what a slow pipe had not taken yet (why exitWhenFlushed exists)", async () => {
    expect(await bytesThroughSlowPipe("process.exit(0)")).toBeLessThan(40 * 65536);
  });

  it("exitWhenFlushed exits only once everything written has gone out", async () => {
    expect(await bytesThroughSlowPipe("exitWhenFlushed(0)")).toBe(40 * 65536);
  });
});
