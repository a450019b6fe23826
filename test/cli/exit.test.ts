import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * Runs a script that writes 40 × 64 KiB to stdout and then exits as told, read through a pipe nobody reads at first:
 * far more than the pipe and the reader's buffer hold, so the rest is still in the process when it exits.
 */
async function bytesThroughSlowPipe(exit: string): Promise<number> {
  const script = `
    const { exitWhenFlushed } = await import(${JSON.stringify(new URL("../../src/cli/exit.ts", import.meta.url).href)});
    for (let i = 0; i < 40; i++) process.stdout.write("x".repeat(65536));
    ${exit};`;
  // The source under tsx: the build bundles exit.ts into the CLI, with no module of its own to import.
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const closed = new Promise((resolve) => child.once("close", resolve));
  // Nobody reads at first: the pipe fills, the rest waits in the process.
  child.stdout.pause();
  await new Promise((resolve) => setTimeout(resolve, 200));
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
