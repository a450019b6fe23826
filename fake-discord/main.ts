/**
 * CLI: the demo world over HTTP, with live activity.
 *   tsx fake-discord/main.ts --port 3210 --token demo-token [--rate-limits] [--seed 1] [--interval-ms 2000] [--log]
 */

import { parseArgs } from "node:util";
import { createDemoWorld, startLivingActivity } from "./living-guild.js";
import type { RateLimitOptions } from "./rate-limiter.js";
import { startFakeDiscord } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3210" },
    host: { type: "string", default: "127.0.0.1" },
    token: { type: "string", default: "demo-token" },
    "rate-limits": { type: "boolean", default: false },
    "route-limit": { type: "string", default: "5" },
    "route-window-ms": { type: "string", default: "1000" },
    "global-per-second": { type: "string", default: "50" },
    seed: { type: "string", default: "1" },
    "interval-ms": { type: "string", default: "2000" },
    log: { type: "boolean", default: false },
  },
  strict: true,
});

function int(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got ${raw}`);
  return value;
}

const rateLimits: RateLimitOptions | false = values["rate-limits"]
  ? {
      perRoute: {
        limit: int("route-limit", values["route-limit"]),
        windowMs: int("route-window-ms", values["route-window-ms"]),
      },
      globalPerSecond: int("global-per-second", values["global-per-second"]),
    }
  : false;

const demo = createDemoWorld(int("seed", values.seed));
const fake = await startFakeDiscord(demo.world, {
  token: values.token,
  port: int("port", values.port),
  host: values.host,
  rateLimits,
  log: values.log,
});
const stopActivity = startLivingActivity(demo.world, { intervalMs: int("interval-ms", values["interval-ms"]) });

// The token is deliberately not echoed: it is a secret in real deployments, and the user typed it anyway.
process.stdout.write(
  [
    `Fake Discord listening on ${fake.url}`,
    `  guild    ${demo.guildId} "Demo Community"`,
    `  limits   ${rateLimits ? `${rateLimits.perRoute?.limit} per ${rateLimits.perRoute?.windowMs} ms per route, ${rateLimits.globalPerSecond}/s global` : "off"}`,
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
