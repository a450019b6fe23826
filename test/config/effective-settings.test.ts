import { describe, expect, it } from "vitest";
import {
  type ConfigFile,
  describeEffectiveSettings,
  parseConfig,
  parseConfigWithSources,
} from "../../src/config/index.js";
import { FILE, GUILD, GUILD_2, MINIMAL_ENV, TOKEN } from "./fixtures/constants.js";

function effective(env: Record<string, string | undefined>, file: ConfigFile | null): string[] {
  const result = parseConfigWithSources(env, file);
  if (!result.ok) throw new Error(`unexpected errors:\n${result.errors.join("\n")}`);
  return describeEffectiveSettings(result.config, result.sources);
}

describe("parseConfigWithSources", () => {
  it("returns parseConfig's config, plus a source for every setting", () => {
    const file = { path: FILE, text: `guildIds: [${GUILD_2}]\nserverID: ${GUILD}\nport: 9100\n` };
    const env = { DISCORD_TOKEN: TOKEN, PORT: "8080", POLL_INTERVAL: "" };
    const result = parseConfigWithSources(env, file);
    const plain = parseConfig(env, file);
    if (!result.ok || !plain.ok) throw new Error("expected a config");
    expect(result.config).toEqual(plain.config);
    expect(result.sources).toEqual({
      token: { from: "environment", variable: "DISCORD_TOKEN" },
      guildIds: { from: "file", path: FILE, keys: ["guildIds", "serverID"] },
      apiUrl: { from: "default" },
      databasePath: { from: "default" },
      databaseBusyTimeoutMs: { from: "default" },
      // The environment wins, even over a file that sets the key too.
      port: { from: "environment", variable: "PORT" },
      host: { from: "default" },
      // Empty is unset.
      pollIntervalMs: { from: "default" },
      excludedChannels: { from: "default" },
      concurrency: { from: "default" },
      logLevel: { from: "default" },
      logFormat: { from: "default" },
      legacyMetrics: { from: "default" },
      exportChannelNames: { from: "default" },
      forbiddenRetryMs: { from: "default" },
      recountIntervalMs: { from: "default" },
      globalRateLimit: { from: "default" },
      botEnabled: { from: "default" },
      liveUpdates: { from: "default" },
      voiceActivity: { from: "default" },
      voiceCheckpointMs: { from: "default" },
      memberEvents: { from: "default" },
      webConfigFile: { from: "default" },
      requestTimeoutMs: { from: "default" },
    });
  });

  it("names only the key that set a value, and only the first where values are not combined", () => {
    const result = parseConfigWithSources(MINIMAL_ENV, {
      path: FILE,
      text: "excludedChannels:\nexcludeChannels: [a]\n",
    });
    expect(result).toMatchObject({
      ok: true,
      sources: { excludedChannels: { from: "file", path: FILE, keys: ["excludeChannels"] } },
    });
  });

  it("fails exactly as parseConfig does", () => {
    const env = { DISCORD_GUILD_ID: "123", PORT: "0" };
    expect(parseConfigWithSources(env, null)).toEqual(parseConfig(env, null));
  });
});

describe("describeEffectiveSettings", () => {
  it("shows every setting in table order, with its source, and never the token", () => {
    const file = {
      path: "/etc/discord-exporter.yaml",
      text: [
        `token: ${TOKEN}`,
        `guildIds: [${GUILD}]`,
        `serverID: ${GUILD_2}`,
        "pollInterval: 90m",
        "excludeChannels: [bot-spam, admin]",
        "reconcileInterval: 1d",
        "",
      ].join("\n"),
    };
    const lines = effective({ PORT: "9100", LEGACY_METRICS: "yes", DISCORD_REQUEST_TIMEOUT: "1500ms" }, file);
    expect(lines).toEqual([
      "DISCORD_TOKEN=[hidden] (from /etc/discord-exporter.yaml key token)",
      `DISCORD_GUILD_ID=${GUILD},${GUILD_2} (from /etc/discord-exporter.yaml keys guildIds, serverID)`,
      "DISCORD_API_URL=https://discord.com/api (default)",
      "DATABASE_PATH=./data/discord-exporter.db (default)",
      "DATABASE_BUSY_TIMEOUT=5s (default)",
      "PORT=9100 (from environment)",
      "HOST=0.0.0.0 (default)",
      "POLL_INTERVAL=1h30m (from /etc/discord-exporter.yaml key pollInterval)",
      "EXCLUDED_CHANNELS=bot-spam,admin (from /etc/discord-exporter.yaml key excludeChannels)",
      "CONCURRENCY=5 (default)",
      "LOG_LEVEL=info (default)",
      "LOG_FORMAT=auto (default)",
      "LEGACY_METRICS=true (from environment)",
      "EXPORT_CHANNEL_NAMES=true (default)",
      "FORBIDDEN_RETRY_INTERVAL=6h (default)",
      "RECONCILE_INTERVAL=1d (from /etc/discord-exporter.yaml key reconcileInterval)",
      "DISCORD_GLOBAL_RATE_LIMIT=50 (default)",
      "BOT_ENABLED=false (default)",
      "LIVE_UPDATES=false (default)",
      "VOICE_ACTIVITY=false (default)",
      "VOICE_CHECKPOINT_INTERVAL=30s (default)",
      "MEMBER_EVENTS=false (default)",
      "WEB_CONFIG_FILE= (default)",
      "DISCORD_REQUEST_TIMEOUT=1s500ms (from environment)",
    ]);
    expect(lines.join("\n")).not.toContain(TOKEN);
  });

  it("shows an empty list as empty and a switched-off duration as off", () => {
    const lines = effective({ ...MINIMAL_ENV, RECONCILE_INTERVAL: "0" }, null);
    expect(lines).toContain("EXCLUDED_CHANNELS= (default)");
    expect(lines).toContain("RECONCILE_INTERVAL=off (from environment)");
    expect(lines[0]).toBe("DISCORD_TOKEN=[hidden] (from environment)");
  });

  it("quotes a value that would otherwise be ambiguous or break the line", () => {
    const lines = effective(MINIMAL_ENV, { path: FILE, text: 'databasePath: "/srv/my stats/a\\nb.db"\n' });
    expect(lines).toContain(`DATABASE_PATH="/srv/my stats/a\\nb.db" (from ${FILE} key databasePath)`);
    for (const line of lines) expect(line).not.toContain("\n");
  });
});
