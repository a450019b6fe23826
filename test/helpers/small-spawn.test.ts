import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { runSmall, spawnSmall } from "./small-spawn.js";

async function finished(child: ReturnType<typeof spawnSmall>) {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code, signal] = (await once(child, "close")) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

describe("spawnSmall: child processes started by a small helper process", () => {
  it("passes arguments, environment and working directory, and returns output and exit code as spawn would", async () => {
    const script =
      "process.stdout.write(process.argv[1] + ' ' + process.env.GREETING + ' ' + process.cwd()); " +
      "process.stderr.write('Ω'.repeat(70000)); process.exit(3)";
    const child = spawnSmall(process.execPath, ["-e", script, "first"], { cwd: "/tmp", env: { GREETING: "hello" } });
    const result = await finished(child);
    expect(result).toEqual({ code: 3, signal: null, stdout: "first hello /tmp", stderr: "Ω".repeat(70000) });
    expect(child.exitCode).toBe(3);
    expect(child.pid).toBeGreaterThan(0);
    expect(child.kill()).toBe(false);
  });

  it("kills with the signal asked for, and reports it", async () => {
    const child = spawnSmall(process.execPath, ["-e", "setInterval(() => {}, 1000); console.log('up')"]);
    await once(child.stdout, "data");
    expect(child.kill("SIGKILL")).toBe(true);
    const [code, signal] = await once(child, "exit");
    expect({ code, signal, signalCode: child.signalCode }).toEqual({
      code: null,
      signal: "SIGKILL",
      signalCode: "SIGKILL",
    });
  });

  it("kills a child it has not heard has started yet, through the spawner", async () => {
    const child = spawnSmall(process.execPath, ["-e", "setInterval(() => {}, 1000)"]);
    expect(child.pid).toBeUndefined();
    expect(child.kill("SIGKILL")).toBe(true);
    const [code, signal] = await once(child, "exit");
    expect({ code, signal }).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("emits error for a command that does not exist", async () => {
    const child = spawnSmall("/nonexistent/command", []);
    const [error] = (await once(child, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ENOENT");
  });

  it("runs children side by side", async () => {
    const children = [1, 2, 3].map((n) =>
      spawnSmall(process.execPath, ["-e", `setTimeout(() => console.log(${n}), 50)`]),
    );
    const results = await Promise.all(children.map(finished));
    expect(results.map((r) => r.stdout)).toEqual(["1\n", "2\n", "3\n"]);
    expect(new Set(children.map((c) => c.pid)).size).toBe(3);
  });

  it("runSmall: writes the input to stdin, and returns status, signal and both outputs", async () => {
    const echo =
      "process.stdin.pipe(process.stdout); process.stdin.on('end', () => { console.error('done'); process.exitCode = 4; })";
    const input = "line\n".repeat(50_000);
    expect(await runSmall(process.execPath, ["-e", echo], { input })).toEqual({
      status: 4,
      signal: null,
      stdout: input,
      stderr: "done\n",
    });
  });

  it("runSmall: a timeout ends the child with SIGKILL; a missing command gives its error", async () => {
    const slow = await runSmall(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { timeoutMs: 200 });
    expect({ status: slow.status, signal: slow.signal }).toEqual({ status: null, signal: "SIGKILL" });
    const missing = await runSmall("/nonexistent/command", []);
    expect(missing.status).toBeNull();
    expect((missing.error as NodeJS.ErrnoException | undefined)?.code).toBe("ENOENT");
  });
});
