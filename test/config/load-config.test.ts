import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { GUILD, INVALID_YAML, MINIMAL_ENV, TOKEN } from "./fixtures/constants.js";

const FIXTURES = new URL("fixtures/", import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "discord-exporter-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("works without any file when the environment has everything", async () => {
    const result = await loadConfig({ env: MINIMAL_ENV, cwd: dir });
    expect(result).toMatchObject({ ok: true, config: { token: TOKEN, guildIds: [GUILD], configFile: null } });
  });

  it("finds discord-exporter.yaml in the working directory", async () => {
    const path = join(dir, "discord-exporter.yaml");
    await copyFile(new URL("go-exporter.yaml", FIXTURES), path);
    const result = await loadConfig({ env: {}, cwd: dir });
    expect(result).toMatchObject({
      ok: true,
      config: { guildIds: [GUILD], excludedChannels: ["bot-spam", "admin-only"], configFile: path },
    });
  });

  it("lets the environment override the discovered file", async () => {
    await writeFile(join(dir, "discord-exporter.yaml"), `token: ${TOKEN}\nserverID: ${GUILD}\nport: 9100\n`);
    const result = await loadConfig({ env: { PORT: "8080" }, cwd: dir });
    expect(result).toMatchObject({ ok: true, config: { port: 8080, token: TOKEN } });
  });

  it("names the discovered file, by absolute path, in errors about it", async () => {
    const path = join(dir, "discord-exporter.yaml");
    await writeFile(path, "tokne: x\n");
    expect(await loadConfig({ env: MINIMAL_ENV, cwd: dir })).toEqual({
      ok: false,
      errors: [`${path}: unknown key "tokne" (did you mean "token"?)`],
    });
  });

  it("reads CONFIG_FILE instead of looking in the working directory", async () => {
    await writeFile(join(dir, "discord-exporter.yaml"), "port: 1111\n");
    const path = join(dir, "elsewhere.yaml");
    await copyFile(new URL("full.yaml", FIXTURES), path);
    const result = await loadConfig({ env: { CONFIG_FILE: path }, cwd: dir });
    expect(result).toMatchObject({ ok: true, config: { port: 9100, configFile: path } });
  });

  it("resolves a relative CONFIG_FILE against cwd", async () => {
    await mkdir(join(dir, "conf"));
    await copyFile(new URL("full.yaml", FIXTURES), join(dir, "conf", "exporter.yaml"));
    const result = await loadConfig({ env: { CONFIG_FILE: "conf/exporter.yaml" }, cwd: dir });
    expect(result).toMatchObject({ ok: true, config: { configFile: join(dir, "conf", "exporter.yaml") } });
  });

  it("ignores an empty CONFIG_FILE (compose passes empty values)", async () => {
    const result = await loadConfig({ env: { ...MINIMAL_ENV, CONFIG_FILE: "" }, cwd: dir });
    expect(result).toMatchObject({ ok: true, config: { configFile: null } });
  });

  it("uses the file's path in the 'required' hint", async () => {
    const path = join(dir, "discord-exporter.yaml");
    await writeFile(path, "port: 9100\n");
    expect(await loadConfig({ env: { DISCORD_GUILD_ID: GUILD }, cwd: dir })).toEqual({
      ok: false,
      errors: [`DISCORD_TOKEN is required (environment variable DISCORD_TOKEN or "token" in ${path})`],
    });
  });

  describe("files that cannot be read", () => {
    it("reports a missing CONFIG_FILE", async () => {
      const path = join(dir, "missing.yaml");
      expect(await loadConfig({ env: { ...MINIMAL_ENV, CONFIG_FILE: path }, cwd: dir })).toEqual({
        ok: false,
        errors: [`CONFIG_FILE points to "${path}", which does not exist`],
      });
    });

    it("shows a relative CONFIG_FILE as given and as resolved", async () => {
      expect(await loadConfig({ env: { ...MINIMAL_ENV, CONFIG_FILE: "nope.yaml" }, cwd: dir })).toEqual({
        ok: false,
        errors: [`CONFIG_FILE points to "nope.yaml" (${join(dir, "nope.yaml")}), which does not exist`],
      });
    });

    it("reports a CONFIG_FILE that is a directory", async () => {
      expect(await loadConfig({ env: { ...MINIMAL_ENV, CONFIG_FILE: dir }, cwd: dir })).toEqual({
        ok: false,
        errors: [`CONFIG_FILE points to "${dir}", which is a directory, not a file`],
      });
    });

    it("reports an unreadable CONFIG_FILE", async () => {
      // Injected rather than chmod 000: tests may run as root, who can read anything.
      const path = join(dir, "secret.yaml");
      const denied = Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
      const result = await loadConfig({
        env: { ...MINIMAL_ENV, CONFIG_FILE: path },
        cwd: dir,
        readFile: () => Promise.reject(denied),
      });
      expect(result).toEqual({
        ok: false,
        errors: [`CONFIG_FILE points to "${path}", which cannot be read: permission denied (EACCES)`],
      });
    });

    it("reports a discovered discord-exporter.yaml that cannot be read", async () => {
      const path = join(dir, "discord-exporter.yaml");
      await mkdir(path);
      expect(await loadConfig({ env: MINIMAL_ENV, cwd: dir })).toEqual({
        ok: false,
        errors: [`${path} is a directory, not a file`],
      });
    });

    it("reports read errors without a code", async () => {
      const result = await loadConfig({
        env: { ...MINIMAL_ENV, CONFIG_FILE: "x.yaml" },
        cwd: dir,
        readFile: () => Promise.reject(new Error("boom")),
      });
      expect(result).toEqual({
        ok: false,
        errors: [`CONFIG_FILE points to "x.yaml" (${join(dir, "x.yaml")}), which cannot be read (unknown error)`],
      });
    });
  });

  it("passes the file's text to the parser untouched, so its errors carry line numbers", async () => {
    const path = join(dir, "bad.yaml");
    await writeFile(path, INVALID_YAML);
    expect(await loadConfig({ env: { CONFIG_FILE: path }, cwd: dir })).toEqual({
      ok: false,
      errors: [
        `${path}: not valid YAML (line 3: Flow sequence in block collection must be sufficiently indented and end with a ])`,
      ],
    });
  });
});
