import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../src/config/defaults.js";
import { type Config, parseConfig } from "../../src/config/index.js";
import { FILE, GUILD, GUILD_2, MINIMAL_ENV, TOKEN } from "./fixtures/constants.js";

const fixture = (name: string) => ({
  path: `fixtures/${name}`,
  text: readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8"),
});

function parseOk(env: Record<string, string | undefined>, yaml?: string): Config {
  const result = parseConfig(env, yaml === undefined ? null : { path: FILE, text: yaml });
  if (!result.ok) throw new Error(`unexpected errors:\n${result.errors.join("\n")}`);
  return result.config;
}

describe("parseConfig accepts good configurations", () => {
  it("fills in every default", () => {
    expect(parseOk(MINIMAL_ENV)).toEqual({
      token: TOKEN,
      guildIds: [GUILD],
      apiUrl: "https://discord.com/api",
      databasePath: "./data/discord-exporter.db",
      databaseBusyTimeoutMs: 5000,
      port: 2112,
      host: "0.0.0.0",
      pollIntervalMs: 15 * 60_000,
      excludedChannels: [],
      concurrency: 5,
      logLevel: "info",
      logFormat: "auto",
      legacyMetrics: false,
      exportChannelNames: true,
      forbiddenRetryMs: 6 * 3_600_000,
      recountIntervalMs: null,
      globalRateLimit: 50,
      botEnabled: false,
      liveUpdates: false,
      voiceActivity: false,
      voiceCheckpointMs: 30_000,
      memberEvents: false,
      webConfigFile: null,
      requestTimeoutMs: 15_000,
      configFile: null,
    } satisfies Config);
  });

  it("does not hand out the defaults' own arrays", () => {
    const config = parseOk(MINIMAL_ENV);
    config.excludedChannels.push("x");
    expect(DEFAULTS.excludedChannels).toEqual([]);
    expect(parseOk(MINIMAL_ENV).excludedChannels).toEqual([]);
  });

  it("reads every setting from the environment", () => {
    const config = parseOk({
      DISCORD_TOKEN: TOKEN,
      DISCORD_GUILD_ID: `${GUILD},${GUILD_2}`,
      DISCORD_API_URL: "http://127.0.0.1:3000/api/",
      DATABASE_PATH: "/data/stats.db",
      DATABASE_BUSY_TIMEOUT: "250ms",
      PORT: "9100",
      HOST: "::",
      POLL_INTERVAL: "30s",
      EXCLUDED_CHANNELS: "bot-spam, 111111111111111111",
      CONCURRENCY: "50",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      LEGACY_METRICS: "true",
      EXPORT_CHANNEL_NAMES: "no",
      FORBIDDEN_RETRY_INTERVAL: "1h",
      RECONCILE_INTERVAL: "1d",
      DISCORD_GLOBAL_RATE_LIMIT: "200",
      BOT_ENABLED: "true",
      LIVE_UPDATES: "yes",
      VOICE_ACTIVITY: "1",
      VOICE_CHECKPOINT_INTERVAL: "5s",
      MEMBER_EVENTS: "true",
      WEB_CONFIG_FILE: "/etc/discord-exporter/web.yml",
      DISCORD_REQUEST_TIMEOUT: "500ms",
    });
    expect(config).toEqual({
      token: TOKEN,
      guildIds: [GUILD, GUILD_2],
      apiUrl: "http://127.0.0.1:3000/api",
      databasePath: "/data/stats.db",
      databaseBusyTimeoutMs: 250,
      port: 9100,
      host: "::",
      pollIntervalMs: 30_000,
      excludedChannels: ["bot-spam", "111111111111111111"],
      concurrency: 50,
      logLevel: "warn",
      logFormat: "json",
      legacyMetrics: true,
      exportChannelNames: false,
      forbiddenRetryMs: 3_600_000,
      recountIntervalMs: 86_400_000,
      globalRateLimit: 200,
      botEnabled: true,
      liveUpdates: true,
      voiceActivity: true,
      voiceCheckpointMs: 5000,
      memberEvents: true,
      webConfigFile: "/etc/discord-exporter/web.yml",
      requestTimeoutMs: 500,
      configFile: null,
    } satisfies Config);
  });

  it("reads a Go exporter config file (token, serverID, excludeChannels)", () => {
    const file = fixture("go-exporter.yaml");
    const result = parseConfig({}, file);
    expect(result).toEqual({
      ok: true,
      config: {
        ...parseOk(MINIMAL_ENV),
        token: "MTA1NzY0ODk1MjEwODM5MDQwMA.GxYz12.goexporterfixturetokenabcdefghijklmn",
        guildIds: [GUILD],
        excludedChannels: ["bot-spam", "admin-only"],
        configFile: file.path,
      },
    });
  });

  it("reads every key from a YAML file", () => {
    const file = fixture("full.yaml");
    expect(parseConfig({}, file)).toEqual({
      ok: true,
      config: {
        token: "MTA1NzY0ODk1MjEwODM5MDQwMA.GxYz12.fullfixturetokenabcdefghijklmnopqrstu",
        guildIds: [GUILD, GUILD_2],
        apiUrl: "http://127.0.0.1:8080/api",
        databasePath: "/var/lib/discord-exporter/stats.db",
        databaseBusyTimeoutMs: 30_000,
        port: 9100,
        host: "127.0.0.1",
        pollIntervalMs: 90 * 60_000,
        excludedChannels: ["bot-spam", "111111111111111111"],
        concurrency: 10,
        logLevel: "debug",
        logFormat: "pretty",
        legacyMetrics: true,
        exportChannelNames: false,
        forbiddenRetryMs: 12 * 3_600_000,
        recountIntervalMs: 86_400_000,
        globalRateLimit: 100,
        botEnabled: true,
        liveUpdates: true,
        voiceActivity: false,
        voiceCheckpointMs: 60_000,
        memberEvents: false,
        webConfigFile: "web-config.yml",
        requestTimeoutMs: 30_000,
        configFile: file.path,
      } satisfies Config,
    });
  });

  it("lets the environment override the file, setting by setting", () => {
    const config = parseOk(
      { DISCORD_GUILD_ID: GUILD_2, PORT: "8080", EXCLUDED_CHANNELS: "general" },
      `token: ${TOKEN}\nserverID: ${GUILD}\nport: 9100\nhost: 127.0.0.1\nexcludeChannels: [a, b]\n`,
    );
    expect(config).toMatchObject({
      token: TOKEN,
      guildIds: [GUILD_2],
      port: 8080,
      host: "127.0.0.1",
      excludedChannels: ["general"],
      configFile: FILE,
    });
  });

  it("treats empty environment variables as unset, so the file or default applies", () => {
    const config = parseOk({ ...MINIMAL_ENV, PORT: "", HOST: "  ", LOG_LEVEL: "" }, "port: 9100\n");
    expect(config).toMatchObject({ port: 9100, host: "0.0.0.0", logLevel: "info" });
  });

  it("treats YAML keys with no value as unset", () => {
    expect(parseOk(MINIMAL_ENV, "port:\nhost: ''\nexcludeChannels:\n")).toMatchObject({
      port: 2112,
      host: "0.0.0.0",
      excludedChannels: [],
    });
  });

  it("accepts an empty file or one with only comments", () => {
    expect(parseOk(MINIMAL_ENV, "")).toMatchObject({ port: 2112, configFile: FILE });
    expect(parseOk(MINIMAL_ENV, "# nothing to see\n")).toMatchObject({ port: 2112 });
  });

  it("trims values", () => {
    const config = parseOk({
      DISCORD_TOKEN: `  ${TOKEN}\n`,
      DISCORD_GUILD_ID: ` ${GUILD} `,
      PORT: " 9100 ",
      POLL_INTERVAL: " 1m ",
    });
    expect(config).toMatchObject({ token: TOKEN, guildIds: [GUILD], port: 9100, pollIntervalMs: 60_000 });
  });

  describe("guild ids", () => {
    it("takes several, comma-separated, de-duplicated", () => {
      expect(parseOk({ ...MINIMAL_ENV, DISCORD_GUILD_ID: `${GUILD}, ${GUILD_2},,${GUILD},` }).guildIds).toEqual([
        GUILD,
        GUILD_2,
      ]);
    });

    it("combines serverID and guildIds from the file", () => {
      const yaml = `serverID: ${GUILD}\nguildIds: "${GUILD_2}, ${GUILD}"\n`;
      expect(parseOk({ DISCORD_TOKEN: TOKEN }, yaml).guildIds).toEqual([GUILD_2, GUILD]);
    });

    it("keeps every digit of an unquoted id beyond 2^53", () => {
      const big = "1234567890123456789"; // Number(big) would be 1234567890123456800
      expect(parseOk({ DISCORD_TOKEN: TOKEN }, `serverID: ${big}\n`).guildIds).toEqual([big]);
      expect(parseOk({ DISCORD_TOKEN: TOKEN }, `guildIds: [${big}]\n`).guildIds).toEqual([big]);
    });

    it("accepts 17 and 20 digits", () => {
      const ids = ["12345678901234567", "18446744073709551615"];
      expect(parseOk({ ...MINIMAL_ENV, DISCORD_GUILD_ID: ids.join(",") }).guildIds).toEqual(ids);
    });
  });

  describe("durations", () => {
    it.each<[string, number]>([
      ["10s", 10_000],
      ["15m", 900_000],
      ["1h30m", 5_400_000],
      ["2d", 172_800_000],
      ["24d", 2_073_600_000],
    ])("POLL_INTERVAL=%s", (text, ms) => {
      expect(parseOk({ ...MINIMAL_ENV, POLL_INTERVAL: text }).pollIntervalMs).toBe(ms);
    });

    it.each<[string, number | null]>([
      ["off", null],
      ["OFF", null],
      ["0", null],
      ["", null],
      ["1h", 3_600_000],
      ["1d", 86_400_000],
    ])("RECONCILE_INTERVAL=%j", (text, ms) => {
      expect(parseOk({ ...MINIMAL_ENV, RECONCILE_INTERVAL: text }).recountIntervalMs).toBe(ms);
    });

    it("reads YAML's reconcileInterval: off and 0 as off", () => {
      expect(parseOk(MINIMAL_ENV, "reconcileInterval: off\n").recountIntervalMs).toBeNull();
      expect(parseOk(MINIMAL_ENV, "reconcileInterval: 0\n").recountIntervalMs).toBeNull();
    });

    it("accepts short request timeouts and retry intervals", () => {
      const config = parseOk({ ...MINIMAL_ENV, DISCORD_REQUEST_TIMEOUT: "250ms", FORBIDDEN_RETRY_INTERVAL: "30s" });
      expect(config).toMatchObject({ requestTimeoutMs: 250, forbiddenRetryMs: 30_000 });
    });
  });

  describe("booleans", () => {
    it.each<[string, boolean]>([
      ["true", true],
      ["TRUE", true],
      ["1", true],
      ["yes", true],
      ["Yes", true],
      ["false", false],
      ["False", false],
      ["0", false],
      ["no", false],
      ["NO", false],
    ])("LEGACY_METRICS=%s", (text, value) => {
      expect(parseOk({ ...MINIMAL_ENV, LEGACY_METRICS: text }).legacyMetrics).toBe(value);
    });

    it.each<[string, boolean]>([
      ["true", true],
      ["false", false],
      ["yes", true],
      ["no", false],
      ["1", true],
      ["0", false],
      ['"false"', false],
    ])("exportChannelNames: %s in YAML", (text, value) => {
      expect(parseOk(MINIMAL_ENV, `exportChannelNames: ${text}\n`).exportChannelNames).toBe(value);
    });
  });

  it("accepts log levels in any case", () => {
    expect(parseOk({ ...MINIMAL_ENV, LOG_LEVEL: "DEBUG" }).logLevel).toBe("debug");
    expect(parseOk({ ...MINIMAL_ENV, LOG_LEVEL: "silent" }).logLevel).toBe("silent");
  });

  it("strips trailing slashes from the API URL", () => {
    expect(parseOk({ ...MINIMAL_ENV, DISCORD_API_URL: "https://discord.com/api/v10//" }).apiUrl).toBe(
      "https://discord.com/api/v10",
    );
    expect(parseOk({ ...MINIMAL_ENV, DISCORD_API_URL: "http://localhost:8080" }).apiUrl).toBe("http://localhost:8080");
  });

  it("accepts quoted numbers in YAML", () => {
    expect(parseOk(MINIMAL_ENV, 'port: "9100"\nconcurrency: "3"\n')).toMatchObject({ port: 9100, concurrency: 3 });
  });

  it("combines excludeChannels (Go key) and excludedChannels, dropping empties and repeats", () => {
    const yaml = 'excludeChannels: " a, ,b "\nexcludedChannels: [c, a, ""]\n';
    expect(parseOk(MINIMAL_ENV, yaml).excludedChannels).toEqual(["c", "a", "b"]);
  });
});
