import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.js";
import { openStore } from "../../src/store/open.js";
import { readPackageVersion } from "../../src/version.js";
import { runCliInProcess } from "../helpers/cli.js";
import { runScript } from "../helpers/exporter-process.js";
import { makeTempDir } from "../helpers/temp-store.js";

const TOKEN = "MTA1NzY0ODk1MjEwODM5MDQwMA.GxYz12.clitestfixturetokenabcdefghijklmnopq";
const GUILD = "123456789012345678";
const ENV = { DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: GUILD };

describe("discord-exporter: one command, a small table of subcommands", () => {
  const dir = makeTempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("--help lists every command", async () => {
    const help = await runCliInProcess(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["serve", "recount", "export-openmetrics", "check-config", "hash-password", "version"]) {
      expect(help.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, "m"));
    }
  });

  it.each(COMMANDS.map((command) => command.name))("%s --help describes it and its exit codes", async (name) => {
    const help = await runCliInProcess([name, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: discord-exporter ${name}`);
    expect(help.stdout).toMatch(/Exit codes: 0/);
  });

  it("version and --version print the package version", async () => {
    expect(await runCliInProcess(["version"])).toEqual({
      code: 0,
      stdout: `discord-exporter ${readPackageVersion()}\n`,
      stderr: "",
    });
    expect((await runCliInProcess(["--version"])).stdout).toBe(`${readPackageVersion()}\n`);
  });

  it("an unknown command or option is one line and exit code 2", async () => {
    const unknown = await runCliInProcess(["recont"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'recont'.*\n.*recount/s);
    const option = await runCliInProcess(["check-config", "--verbose"]);
    expect(option).toMatchObject({ code: 2, stderr: "error: unknown option '--verbose'\n" });
  });

  it("check-config prints the effective settings and where each came from, the token hidden", async () => {
    const result = await runCliInProcess(["check-config"], { ...ENV, POLL_INTERVAL: "1h" });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toContain("DISCORD_TOKEN=[hidden] (from environment)");
    expect(lines).toContain(`DISCORD_GUILD_ID=${GUILD} (from environment)`);
    expect(lines).toContain("POLL_INTERVAL=1h (from environment)");
    expect(lines).toContain("PORT=2112 (default)");
    expect(lines.at(-1)).toBe("configuration is valid");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });

  it("check-config fails as serve would: every problem on its own line, exit code 2, the token never shown", async () => {
    const result = await runCliInProcess(["check-config"], { DISCORD_TOKEN: TOKEN, PORT: "70000" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      'check-config: DISCORD_GUILD_ID is required (environment variable DISCORD_GUILD_ID or "guildIds" in discord-exporter.yaml)',
      'check-config: PORT must be an integer from 1 to 65535, got "70000"',
    ]);
  });

  it("check-config checks the web configuration file too, as serve does", async () => {
    const file = path.join(dir, "web.yml");
    fs.writeFileSync(file, "basic_auth_users:\n  alice: not-a-hash\n");
    const bad = await runCliInProcess(["check-config"], { ...ENV, WEB_CONFIG_FILE: file });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^check-config: web config .*web\.yml: basic_auth_users\.alice: not a bcrypt hash/);
    fs.writeFileSync(file, `basic_auth_users:\n  alice: ${bcrypt.hashSync("s3cret", 4)}\n`);
    const good = await runCliInProcess(["check-config"], { ...ENV, WEB_CONFIG_FILE: file });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain(`web configuration ${file}: no TLS, 1 basic auth user(s)`);
  });

  it("hash-password reads the password from stdin and prints a bcrypt hash of it", async () => {
    const result = await runCliInProcess(["hash-password", "--cost", "4"], {}, "correct horse\n");
    expect(result.code, result.stderr).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(bcrypt.compareSync("correct horse", hash)).toBe(true);
    expect(result.stdout).not.toContain("correct horse");
  });

  it("hash-password refuses an empty password or a bad cost", async () => {
    expect(await runCliInProcess(["hash-password"], {}, "\n")).toMatchObject({
      code: 2,
      stderr: "hash-password: the password is empty\n",
    });
    expect(await runCliInProcess(["hash-password", "--cost", "3"], {}, "pw\n")).toMatchObject({
      code: 2,
      stderr: "hash-password: bcrypt cost must be an integer from 4 to 31\n",
    });
  });

  it("recount waits DATABASE_BUSY_TIMEOUT for another writer, then says the database is locked", async () => {
    const file = path.join(dir, "locked.db");
    openStore({ path: file }).close();
    const holder = new Database(file);
    holder.exec("BEGIN EXCLUSIVE");
    try {
      const started = performance.now();
      const run = await runCliInProcess(["recount", "--all"], {
        ...ENV,
        DATABASE_PATH: file,
        DATABASE_BUSY_TIMEOUT: "200ms",
      });
      const waited = performance.now() - started;
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^recount: database ${file} is locked by another process`));
      // The setting's 200 ms, not a wait of the recount's own (it waited a fixed 15 s before).
      expect(waited).toBeGreaterThanOrEqual(200);
      expect(waited).toBeLessThan(5000);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  });

  it("is the compiled bin: dist/cli/main.js runs as a program and returns the command's exit code", async () => {
    const first = fs.readFileSync("dist/cli/main.js", "utf8").split("\n")[0];
    expect(first).toBe("#!/usr/bin/env node");
    const result = await runScript("src/cli/main.ts", ["check-config"], { PORT: "0" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('check-config: PORT must be an integer from 1 to 65535, got "0"');
  });
});
