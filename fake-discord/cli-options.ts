/** The options of `fake-discord/main.ts`, one row each: parsed with node:util parseArgs, and printed by --help. */

export interface CliOption {
  readonly name: string;
  readonly type: "string" | "boolean";
  /** Shown in --help; strings are parsed from it when the option is absent. */
  readonly default?: string;
  readonly help: string;
}

export const CLI_OPTIONS: readonly CliOption[] = [
  { name: "port", type: "string", default: "3210", help: "Port for REST, gateway and /_fake/ (0: any free one)" },
  { name: "host", type: "string", default: "127.0.0.1", help: "Interface to listen on (0.0.0.0 in docker)" },
  { name: "token", type: "string", default: "demo-token", help: "The bot token the fake accepts (never printed)" },
  { name: "seed", type: "string", default: "1", help: "Seed of the demo world" },
  { name: "interval-ms", type: "string", default: "2000", help: "Live activity tick: messages, voice, members" },
  { name: "rate-limits", type: "boolean", help: "Enforce Discord-like rate limits" },
  { name: "route-limit", type: "string", default: "5", help: "Requests per route bucket window (with --rate-limits)" },
  { name: "route-window-ms", type: "string", default: "1000", help: "Route bucket window (with --rate-limits)" },
  { name: "global-per-second", type: "string", default: "50", help: "Global requests per second (with --rate-limits)" },
  { name: "heartbeat-ms", type: "string", default: "41250", help: "Gateway HELLO heartbeat_interval" },
  {
    name: "privileged-intents",
    type: "string",
    default: "",
    help: "Portal switches to turn on: members,presences,message-content (comma-separated)",
  },
  { name: "show-hidden-channels", type: "boolean", help: "Send hidden channels in full (Discord before 2026-10-12)" },
  { name: "ack-deadline-ms", type: "string", default: "3000", help: "Time a bot has to acknowledge an interaction" },
  { name: "token-lifetime-ms", type: "string", default: "900000", help: "Lifetime of an interaction token" },
  { name: "log", type: "boolean", help: "Print one line per REST request to stderr" },
  { name: "help", type: "boolean", help: "Show this help" },
];

export function helpText(): string {
  const width = Math.max(...CLI_OPTIONS.map((o) => o.name.length + (o.type === "string" ? 6 : 0)));
  const lines = CLI_OPTIONS.map((o) => {
    const flag = `--${o.name}${o.type === "string" ? " VALUE" : ""}`;
    const fallback = o.default !== undefined && o.default !== "" ? ` (default ${o.default})` : "";
    return `  ${flag.padEnd(width + 3)}  ${o.help}${fallback}`;
  });
  return [
    "A fake Discord (REST API, gateway, slash-command interactions) serving a living demo guild.",
    "",
    "Usage: tsx fake-discord/main.ts [options]",
    "",
    ...lines,
    "",
    "Try the bot without Discord: npx tsx scripts/fire-command.ts --url http://127.0.0.1:3210 <command> [--option value]",
    "",
  ].join("\n");
}

/** parseArgs' option table. */
export function parseArgsOptions(): Record<string, { type: "string" | "boolean"; default?: string | boolean }> {
  return Object.fromEntries(
    CLI_OPTIONS.map((o) => [
      o.name,
      o.type === "string" ? { type: o.type, default: o.default ?? "" } : { type: o.type, default: false },
    ]),
  );
}
