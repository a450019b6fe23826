/**
 * CLI: the demo world over HTTP (REST, gateway, interactions), with live activity. `--help` lists the options.
 *   tsx fake-discord/main.ts --port 3210 --token demo-token [--rate-limits] [--heartbeat-ms 41250] [--log]
 */

import { parseArgs } from "node:util";
import { CLI_OPTIONS, helpText, parseArgsOptions } from "./cli-options.js";
import type { PrivilegedIntentSwitches } from "./gateway-protocol.js";
import { createDemoWorld, startLivingActivity } from "./living-guild.js";
import type { RateLimitOptions } from "./rate-limiter.js";
import { startFakeDiscord } from "./server.js";

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${helpText()}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs>;
try {
  parsed = parseArgs({ options: parseArgsOptions(), strict: true });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const values = parsed.values as Record<string, string | boolean | undefined>;
if (values.help) {
  process.stdout.write(helpText());
  process.exit(0);
}

const str = (name: string): string => {
  const value = values[name];
  return typeof value === "string" ? value : (CLI_OPTIONS.find((o) => o.name === name)?.default ?? "");
};
const int = (name: string): number => {
  const raw = str(name);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) fail(`--${name} must be a non-negative integer, got ${raw}`);
  return value;
};

const SWITCHES: Record<string, keyof PrivilegedIntentSwitches> = {
  members: "guildMembers",
  presences: "guildPresences",
  "message-content": "messageContent",
};
const privilegedIntents: PrivilegedIntentSwitches = {};
for (const name of str("privileged-intents")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s !== "")) {
  const key = SWITCHES[name];
  if (key === undefined) fail(`--privileged-intents: unknown "${name}" (use ${Object.keys(SWITCHES).join(", ")})`);
  privilegedIntents[key] = true;
}

const rateLimits: RateLimitOptions | false = values["rate-limits"]
  ? {
      perRoute: { limit: int("route-limit"), windowMs: int("route-window-ms") },
      globalPerSecond: int("global-per-second"),
    }
  : false;

const demo = createDemoWorld(int("seed"));
const fake = await startFakeDiscord(demo.world, {
  token: str("token"),
  port: int("port"),
  host: str("host"),
  rateLimits,
  log: values.log === true,
  gateway: {
    heartbeatIntervalMs: int("heartbeat-ms"),
    privilegedIntents,
    obfuscateHiddenChannels: values["show-hidden-channels"] !== true,
  },
  interactions: { ackDeadlineMs: int("ack-deadline-ms"), tokenLifetimeMs: int("token-lifetime-ms") },
});
const stopActivity = startLivingActivity(demo.world, { intervalMs: int("interval-ms") });

const enabled = Object.entries(SWITCHES)
  .filter(([, key]) => privilegedIntents[key])
  .map(([name]) => name);
// The token is deliberately not echoed: it is a secret in real deployments, and the user typed it anyway.
process.stdout.write(
  [
    `Fake Discord listening on ${fake.url}`,
    `  gateway  ${fake.gateway.url} (heartbeat ${int("heartbeat-ms")} ms, privileged intents: ${enabled.join(", ") || "none"})`,
    `  control  ${fake.baseUrl}/_fake/ (POST /_fake/interactions fires a slash command)`,
    `  guild    ${demo.guildId} "Demo Community"`,
    `  limits   ${rateLimits ? `${rateLimits.perRoute?.limit} per ${rateLimits.perRoute?.windowMs} ms per route, ${rateLimits.globalPerSecond}/s global` : "off"}`,
    `  try      npx tsx scripts/fire-command.ts --url ${fake.baseUrl} <command> [--option value]`,
    "  Ctrl-C to stop",
    "",
  ].join("\n"),
);

const shutdown = async () => {
  stopActivity();
  await fake.close();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown());
process.once("SIGTERM", () => void shutdown());
