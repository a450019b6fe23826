import fs from "node:fs";

/** A stream a command writes to: process.stdout/stderr in production, a buffer in tests. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** Everything a command touches outside itself, so that every command can run in-process in a test. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly readFile: (path: string) => Promise<string>;
  readonly now: () => number;
  /** Resolves with the first SIGTERM or SIGINT from the moment it is called (serve calls it first thing). */
  readonly waitForStopSignal: () => Promise<string>;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    readFile: (file) => fs.promises.readFile(file, "utf8"),
    now: Date.now,
    waitForStopSignal: () =>
      new Promise((resolve) => {
        process.once("SIGTERM", () => resolve("SIGTERM"));
        process.once("SIGINT", () => resolve("SIGINT"));
      }),
  };
}
