// Child processes for the tests, started by a small helper process (spawner.mjs) instead of by the test process.
//
// Why: Node starts a child with fork(2), which copies the page tables of the whole parent, and the test process holds
// ~0.5-1 GB (vitest, its worker threads, the fake Discords and in-process exporters: 600 MB anonymous memory on
// average at the suite's exporter spawns). Measured here: 20 spawns of `true` from a process holding 1 GB cost
// ~55 ms of CPU each, parent and child together, against ~2 ms from a 10 MB process; crash-safety alone took
// ~4.5 CPU-s more with 700 MB of extra heap in the test process. The suite starts over a hundred processes.
//
// The helper is started once per test worker thread (one copy of the big process's page tables), the first time a
// test asks for a child, and goes away with the thread. What a test gets behaves as a ChildProcess for what the tests
// use: pid, stdout and stderr, kill(), exitCode/signalCode and the "spawn", "exit", "close" and "error" events.
import { type ChildProcess, fork } from "node:child_process";
import { EventEmitter } from "node:events";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";

const SPAWNER = fileURLToPath(new URL("./spawner.mjs", import.meta.url));

type SpawnerMessage =
  | { type: "spawned"; id: number; pid: number }
  | { type: "data"; id: number; stream: "stdout" | "stderr"; chunk: Uint8Array }
  | { type: "exit" | "close"; id: number; code: number | null; signal: NodeJS.Signals | null }
  | { type: "error"; id: number; message: string; code?: string };

export interface SmallSpawnOptions {
  cwd?: string;
  /** The child's whole environment, as child_process's `env`. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
}

/** A child process started through the spawner. */
export class SpawnedChild extends EventEmitter {
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  private exited = false;

  constructor(
    private readonly id: number,
    private readonly spawner: ChildProcess,
  ) {
    super();
  }

  /**
   * As ChildProcess.kill: false once the child has exited (nothing to signal). Signalled from here, at once, when its
   * pid is known: the crash tests kill on a request the fake receives, and a round trip through the spawner would let
   * the exporter act on the answer first. Its pid is free again only once the spawner has reaped it, and we hear of
   * that within a millisecond: the kernel would have to hand the same pid out in that window (pids are not reused
   * until the counter wraps).
   */
  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    if (this.exited) return false;
    if (this.pid === undefined) {
      this.spawner.send({ type: "kill", id: this.id, signal });
      return true;
    }
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** @internal Called by the spawner connection for this child's messages. */
  receive(message: SpawnerMessage): void {
    switch (message.type) {
      case "spawned":
        this.pid = message.pid;
        this.emit("spawn");
        break;
      case "data":
        (message.stream === "stdout" ? this.stdout : this.stderr).write(
          Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.byteLength),
        );
        break;
      case "exit":
        this.exited = true;
        this.exitCode = message.code;
        this.signalCode = message.signal;
        this.emit("exit", message.code, message.signal);
        break;
      case "close":
        this.exited = true;
        this.stdout.end();
        this.stderr.end();
        this.emit("close", message.code, message.signal);
        break;
      case "error":
        this.exited = true;
        this.emit("error", Object.assign(new Error(message.message), { code: message.code }));
        break;
    }
  }
}

interface Spawner {
  process: ChildProcess;
  children: Map<number, SpawnedChild>;
  nextId: number;
}

// One per test worker thread: module state is per thread.
let spawner: Spawner | null = null;

function connect(): Spawner {
  if (spawner) return spawner;
  const child = fork(SPAWNER, [], {
    execArgv: [],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const connection: Spawner = { process: child, children: new Map(), nextId: 1 };
  child.on("message", (message: SpawnerMessage) => {
    connection.children.get(message.id)?.receive(message);
    if (message.type === "close" || message.type === "error") forget(connection, message.id);
  });
  child.once("exit", (code, signal) => {
    if (spawner === connection) spawner = null;
    const reason = `the spawner exited (${signal ?? code}) before its child`;
    for (const [id, orphan] of connection.children) {
      if (orphan.listenerCount("error") > 0) orphan.receive({ type: "error", id, message: reason });
      orphan.receive({ type: "exit", id, code: null, signal: null });
      orphan.receive({ type: "close", id, code: null, signal: null });
    }
    connection.children.clear();
  });
  idle(child);
  spawner = connection;
  return connection;
}

// The spawner keeps the test process alive only while one of its children runs, as a ChildProcess would.
function idle(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
}

function forget(connection: Spawner, id: number): void {
  connection.children.delete(id);
  if (connection.children.size === 0) idle(connection.process);
}

/** Starts `command` with `args` as child_process.spawn would, with stdout and stderr piped. */
export function spawnSmall(command: string, args: readonly string[], options: SmallSpawnOptions = {}): SpawnedChild {
  const connection = connect();
  const id = connection.nextId++;
  const child = new SpawnedChild(id, connection.process);
  connection.children.set(id, child);
  connection.process.ref();
  connection.process.channel?.ref();
  connection.process.send({
    type: "spawn",
    id,
    command,
    args,
    cwd: options.cwd,
    env: options.env ?? process.env,
    input: options.input,
  });
  return child;
}

export interface SmallRunResult {
  /** The exit code; null when a signal ended the child (or it never started: see `error`). */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why the child did not start (e.g. ENOENT), as spawnSync's `error`. */
  error?: Error;
}

/**
 * Runs `command` to the end, as spawnSync does but without blocking the test's thread, and through the spawner.
 * `timeoutMs` ends it with SIGKILL.
 */
export function runSmall(
  command: string,
  args: readonly string[],
  options: SmallSpawnOptions & { timeoutMs?: number } = {},
): Promise<SmallRunResult> {
  return new Promise((resolve) => {
    const child = spawnSmall(command, args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = options.timeoutMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.once("error", (error: Error) => {
      if (timer) clearTimeout(timer);
      resolve({ status: null, signal: null, stdout, stderr, error });
    });
    child.once("close", (status: number | null, signal: NodeJS.Signals | null) => {
      if (timer) clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
