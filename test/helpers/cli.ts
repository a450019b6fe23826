import { PassThrough, Readable } from "node:stream";
import fs from "node:fs";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run-cli.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(stream: PassThrough): () => string {
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return () => text;
}

/**
 * `discord-exporter <args>` in this process, with its own environment, stdin and captured output: the same code as
 * the bin, without the ~1 s a process costs. Tests of the process itself (signals, exit) spawn it instead.
 */
export async function runCliInProcess(
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  stdin = "",
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const io: CliIo = {
    env,
    cwd: process.cwd(),
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    readFile: (file) => fs.promises.readFile(file, "utf8"),
    now: Date.now,
    waitForStopSignal: () => new Promise(() => {}),
  };
  const code = await runCli(args, io);
  // Let the last chunks through the PassThrough streams.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out(), stderr: err() };
}
