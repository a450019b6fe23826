// The export-openmetrics command: once as a process, the way `discord-exporter export-openmetrics` runs it, and every
// other case in-process (the same code, without a process per case).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenMetricsHistory } from "../../src/history/build-openmetrics.js";
import { readHistoryInput } from "../../src/history/read-history.js";
import { runCliInProcess } from "../helpers/cli.js";
import { runScript } from "../helpers/exporter-process.js";
import { type Fixture, LAST_DAY, buildHistoryFixture } from "./fixture.js";

function runCli(args: string[], env: Record<string, string> = {}) {
  return runCliInProcess(["export-openmetrics", ...args], env);
}

describe("export-openmetrics", () => {
  let fx: Fixture;
  beforeAll(() => {
    // The fixture's handle stays open in this process, as a running exporter's would.
    fx = buildHistoryFixture();
  });
  afterAll(() => fx.cleanup());

  const expectedText = (since: string | undefined, exportChannelNames = true) =>
    buildOpenMetricsHistory(readHistoryInput(fx.store, { since, until: LAST_DAY, exportChannelNames }));

  it("writes the file beside an open database, read-only, and reports on stderr", async () => {
    const out = path.join(fx.dir, "history.om");
    const args = ["--since", "2024-02-01", "--until", LAST_DAY, "--out", out, "--db", fx.file];
    const result = await runScript("src/cli/main.ts", ["export-openmetrics", ...args], {});
    expect(result.stderr).toMatch(
      /^export-openmetrics: \d+ samples from 2024-02-01 to 2024-03-03 written to .*history\.om\n$/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(fs.readFileSync(out, "utf8")).toBe(expectedText("2024-02-01"));
    expect(fs.readdirSync(fx.dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("writes to stdout, finds the database through DATABASE_PATH and follows EXPORT_CHANNEL_NAMES", async () => {
    const result = await runCli(["--until", LAST_DAY], { DATABASE_PATH: fx.file, EXPORT_CHANNEL_NAMES: "false" });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(expectedText(undefined, false));
    expect(result.stdout).toContain('channel=""');
    const flagged = await runCli(["--until", LAST_DAY, "--db", fx.file, "--no-channel-names"]);
    expect(flagged.stdout).toBe(result.stdout);
  });

  it("as a process, its whole output reaches a pipe that is read slowly, not only what fits in the pipe's buffer", async () => {
    const expected = expectedText(undefined);
    expect(expected.length).toBeGreaterThan(1 << 16);
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, ["dist/cli/main.js", "export-openmetrics", "--until", LAST_DAY], {
      env: { PATH: process.env.PATH ?? "", DATABASE_PATH: fx.file },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    // A slow reader: a pause after every chunk, so the pipe is full whenever the process writes its last lines.
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 15);
    });
    await new Promise((resolve) => child.stdout.once("end", resolve));
    expect(await exited).toBe(0);
    expect(text).toBe(expected);
  });

  it.each([
    [["--since", "2024-13-01"], 'export-openmetrics: --since must be a UTC day as YYYY-MM-DD, got "2024-13-01"\n'],
    [["--since", "yesterday"], 'export-openmetrics: --since must be a UTC day as YYYY-MM-DD, got "yesterday"\n'],
    [["--until", "2024-02-30"], 'export-openmetrics: --until must be a UTC day as YYYY-MM-DD, got "2024-02-30"\n'],
    [
      ["--since", "2024-03-02", "--until", "2024-03-01"],
      "export-openmetrics: --since 2024-03-02 is after the last day exported (2024-03-01)\n",
    ],
  ])("refuses %j with one line and exit code 2", async (args, message) => {
    const result = await runCli([...args, "--db", fx.file]);
    expect(result).toMatchObject({ code: 2, stdout: "", stderr: message });
  });

  it("exits 2 on an unknown option or a bad EXPORT_CHANNEL_NAMES", async () => {
    expect((await runCli(["--bogus"])).code).toBe(2);
    const bad = await runCli(["--db", fx.file], { EXPORT_CHANNEL_NAMES: "maybe" });
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'export-openmetrics: EXPORT_CHANNEL_NAMES must be true or false (or 1/0, yes/no), got "maybe"\n',
    });
  });

  it("exits 1 with a clear line when the database does not exist, creating nothing", async () => {
    const missing = path.join(fx.dir, "nope", "missing.db");
    const result = await runCli(["--db", missing]);
    expect(result).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `export-openmetrics: database ${missing} does not exist (pass --db PATH or set DATABASE_PATH)\n`,
    });
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it("exits 1 when the output cannot be written", async () => {
    const result = await runCli(["--db", fx.file, "--out", path.join(fx.dir, "no-such-dir", "h.om")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^export-openmetrics: cannot write .*h\.om: ENOENT/);
  });

  it("prints its help with exit code 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const flag of ["--since", "--until", "--out", "--db", "--no-channel-names"])
      expect(result.stdout).toContain(flag);
  });
});
