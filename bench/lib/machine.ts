import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  os: string;
  date: string;
  /** 1-minute load average when the run started (other work on the machine skews timings). */
  load: string;
}

export function describeMachine(): Machine {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    const fromProc = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1];
    if (fromProc) cpu = fromProc.trim();
  } catch {
    // not Linux
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    date: new Date().toISOString(),
    load: os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(", "),
  };
}

/** The code measured: HEAD and any uncommitted changes under src/ (others may be editing while a run goes). */
export function describeSource(root: string): string {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
  const head = git("rev-parse", "--short", "HEAD") || "unknown";
  const dirty = git("status", "--short", "--", "src", "migrations", "fake-discord")
    .split("\n")
    .filter(Boolean)
    .map((line) => line.trim());
  return dirty.length === 0 ? `commit ${head}, clean` : `commit ${head} plus uncommitted changes: ${dirty.join(", ")}`;
}
