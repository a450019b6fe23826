/**
 * The Docker image without a Docker engine: built with buildah (../shared/tools/image-check/, see its README) and
 * run with `buildah run --isolation chroot`, which shares this machine's network and process table. buildah run
 * applies the image's user, working directory and environment, not its ENTRYPOINT/CMD or HEALTHCHECK: the tests
 * read those from the image config (inspectImage) and run them themselves.
 *
 *   await buildImage(ROOT, TAG);
 *   const container = createContainer(TAG);
 *   const server = startInContainer(container, ["node", "server.js"], { env: { PORT: "1234" } });
 *   ...
 *   await server.stop();            // SIGTERM to the command's pid, as `docker stop` sends it
 *   removeContainer(container);
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The image-check scripts: $IMAGE_CHECK_TOOLS, else ../shared/tools/image-check beside the repository. */
export function imageCheckTools(): string {
  return process.env.IMAGE_CHECK_TOOLS ?? path.resolve(ROOT, "../shared/tools/image-check");
}

export function hasBuildah(): boolean {
  return spawnSync("sh", ["-c", "command -v buildah"], { encoding: "utf8" }).status === 0;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a host command to completion without blocking the event loop (builds take minutes). */
export function runHost(
  command: string,
  args: readonly string[],
  options: { input?: string; onOutput?: (text: string) => void } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onOutput?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onOutput?.(chunk.toString());
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

function runHostSync(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/**
 * Builds CONTEXT's Dockerfile as TAG with the image-check scripts (the stand-in base image first, when missing).
 * `--layers` keeps buildah's layer cache: a second build after a change in src/ reuses the `npm ci` layer.
 */
export async function buildImage(context: string, tag: string, log: (text: string) => void = () => {}) {
  const script = path.join(imageCheckTools(), "build-image.sh");
  if (!fs.existsSync(script)) throw new Error(`${script} not found: set IMAGE_CHECK_TOOLS to the image-check folder`);
  const result = await runHost(script, [context, tag, "--layers"], { onOutput: log });
  if (result.code !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`build-image.sh ${context} ${tag} failed (exit ${result.code}):\n${output}`);
  }
}

/** The parts of a Docker image config the tests run or check (buildah inspect, docker format). */
export interface ImageConfig {
  entrypoint: string[];
  cmd: string[];
  user: string;
  workingDir: string;
  env: Record<string, string>;
  /** ["CMD", ...argv] or ["CMD-SHELL", command], as the HEALTHCHECK instruction wrote it; null without one. */
  healthcheck: { test: string[]; intervalNs: number; timeoutNs: number; startPeriodNs: number; retries: number } | null;
  exposedPorts: string[];
  volumes: string[];
}

interface DockerConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  User?: string;
  WorkingDir?: string;
  Env?: string[] | null;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
  ExposedPorts?: Record<string, unknown> | null;
  Volumes?: Record<string, unknown> | null;
}

export function inspectImage(tag: string): ImageConfig {
  const inspected = JSON.parse(runHostSync("buildah", ["inspect", "--type", "image", tag])) as {
    Docker?: { config?: DockerConfig };
  };
  const config = inspected.Docker?.config ?? {};
  const health = config.Healthcheck;
  return {
    entrypoint: config.Entrypoint ?? [],
    cmd: config.Cmd ?? [],
    user: config.User ?? "",
    workingDir: config.WorkingDir ?? "",
    env: Object.fromEntries(
      (config.Env ?? []).map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]),
    ),
    healthcheck:
      health?.Test && health.Test[0] !== "NONE"
        ? {
            test: health.Test,
            intervalNs: health.Interval ?? 0,
            timeoutNs: health.Timeout ?? 0,
            startPeriodNs: health.StartPeriod ?? 0,
            retries: health.Retries ?? 0,
          }
        : null,
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    volumes: Object.keys(config.Volumes ?? {}),
  };
}

/** The argv a health check runs: CMD's arguments as they are, CMD-SHELL's command through /bin/sh -c. */
export function healthcheckArgv(test: readonly string[]): string[] {
  const [kind, ...rest] = test;
  if (kind === "CMD") return rest;
  if (kind === "CMD-SHELL") return ["/bin/sh", "-c", rest.join(" ")];
  throw new Error(`unknown health check form: ${JSON.stringify(test)}`);
}

/** The image's size in bytes (all layers, the base image's included). */
export function imageSizeBytes(tag: string): number {
  return Number(runHostSync("podman", ["image", "inspect", "--format", "{{.Size}}", tag]).trim());
}

/**
 * A working container of the image (buildah from); remove it with removeContainer. `bindVolumes` names the image's
 * VOLUMEs that runs will bind-mount a host directory on (`-v DIR:/data`): buildah run mounts a fresh volume of its
 * own over an image VOLUME, hiding the bind mount, so they are dropped from this container's config (not the
 * image's), which is what `docker run -v DIR:/data` amounts to.
 */
export function createContainer(tag: string, options: { bindVolumes?: readonly string[] } = {}): string {
  const container = runHostSync("buildah", ["from", "--pull=never", "--quiet", tag]).trim();
  for (const volume of options.bindVolumes ?? [])
    runHostSync("buildah", ["config", "--volume", `${volume}-`, container]);
  return container;
}

export function removeContainer(container: string): void {
  runHostSync("buildah", ["rm", container]);
}

export interface RunInContainerOptions {
  env?: Record<string, string>;
  /** HOST_PATH:CONTAINER_PATH bind mounts, like docker run -v. */
  volumes?: readonly string[];
  /** Default: the image's USER. */
  user?: string;
  stdin?: string;
}

function runArgs(container: string, argv: readonly string[], options: RunInContainerOptions): string[] {
  return [
    "run",
    "--isolation",
    "chroot",
    "--network",
    "host",
    ...(options.user === undefined ? [] : ["--user", options.user]),
    ...Object.entries(options.env ?? {}).flatMap(([name, value]) => ["-e", `${name}=${value}`]),
    ...(options.volumes ?? []).flatMap((volume) => ["-v", volume]),
    container,
    "--",
    ...argv,
  ];
}

/** A command inside the container, run to completion (stdin from options.stdin, closed after). */
export function runInContainer(
  container: string,
  argv: readonly string[],
  options: RunInContainerOptions = {},
): Promise<CommandResult> {
  return runHost("buildah", runArgs(container, argv, options), { input: options.stdin });
}

export interface ContainerProcess {
  /** The buildah run process this test started. */
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * SIGTERM to the command's own pid (buildah run does not forward SIGTERM: it kills its child), as `docker stop`
   * does; after `graceMs` SIGKILL to the buildah run process, which takes its child with it. Resolves with buildah
   * run's exit, which is the command's.
   */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A long-running command inside the container (a server), its output collected. */
export function startInContainer(
  container: string,
  argv: readonly string[],
  options: RunInContainerOptions = {},
): ContainerProcess {
  const child = spawn("buildah", runArgs(container, argv, options), { stdio: ["ignore", "pipe", "pipe"] });
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
  let done = false;
  void exited.then(() => {
    done = true;
  });
  return {
    child,
    output: () => output,
    exited,
    async stop(graceMs = 10_000) {
      if (done || child.pid === undefined) return exited;
      const command = commandPid(child.pid);
      if (command !== null) {
        try {
          process.kill(command, "SIGTERM");
        } catch {
          // exited meanwhile
        }
      }
      const timer = setTimeout(
        () => {
          if (!done) child.kill("SIGKILL");
        },
        command === null ? 0 : graceMs,
      );
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The pid of the command buildah run started: the first process below `buildahPid` that is not buildah's own
 * (buildah re-executes itself, as "buildah" and "memfd:buildah-chroot", before it execs the command). With chroot
 * isolation there is no PID namespace: that pid is one of this machine's.
 */
export function commandPid(buildahPid: number): number | null {
  const children = new Map<number, number[]>();
  const names = new Map<number, string>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid ...; comm may hold spaces and parentheses: split after the last ")".
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    const pid = Number(entry);
    names.set(pid, comm);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const queue = [...(children.get(buildahPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const name = names.get(pid) ?? "";
    if (!name.startsWith("buildah") && !name.startsWith("memfd:buildah")) return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  return null;
}
