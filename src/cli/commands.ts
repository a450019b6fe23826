// The commands of `discord-exporter`: names, help and options, declared here for commander; each one's code is
// loaded only when it runs, so `recount` never loads the web server and `serve` never loads the recount's progress
// bars or the OpenMetrics export (module loading is most of a process's start: ~0.6 s of CPU for serve).
import type { CliCommand } from "./command.js";
import type { RecountOptions } from "./recount.js";
import type { RawExportFlags } from "./export-openmetrics-options.js";
import { readPackageVersion } from "../version.js";

const collect = (value: string, previous: string[]) => [...previous, value];

const serveCommand: CliCommand = {
  name: "serve",
  summary: "Count the configured guilds and serve /metrics, the status page and the history API (the default).",
  exitCodes: "0 stopped by SIGTERM/SIGINT, 1 database or startup failure, 2 bad configuration, 78 token rejected",
  configure: (command) => command,
  run: async (_options, io) => (await import("./serve.js")).serve(io),
};

const recountCommand: CliCommand = {
  name: "recount",
  summary: "Count channels again from scratch and swap the new counts in atomically, beside a running exporter.",
  exitCodes:
    "0 all recounted, 1 some failed (even if others were skipped: stderr says how many), 2 bad usage, 3 some skipped (the bot cannot read them: their counts are kept)",
  configure: (command) =>
    command
      .option("--guild <id>", "only this guild (repeatable)", collect, [])
      .option("--channel <id|name>", "this channel and its threads (repeatable)", collect, [])
      .option("--all", "every channel of the configured database", false),
  run: async (options, io) => (await import("./recount.js")).recount(options as unknown as RecountOptions, io),
};

const exportOpenMetricsCommand: CliCommand = {
  name: "export-openmetrics",
  summary:
    "Write the stored history (daily message totals, member samples, active members, voice time, joins and leaves) as OpenMetrics, for promtool tsdb create-blocks-from openmetrics.",
  exitCodes: "0 written, 1 the database or the output failed, 2 bad usage",
  configure: (command) =>
    command
      .option("--since <YYYY-MM-DD>", "first UTC day to export (default: the first day in the database)")
      .option("--until <YYYY-MM-DD>", "last UTC day to export, included (default: yesterday)")
      .option("--out <file>", "write to this file instead of standard output")
      .option("--db <path>", "database file (default: $DATABASE_PATH or ./data/discord-exporter.db)")
      .option(
        "--no-channel-names",
        "empty channel and category labels, as the exporter with EXPORT_CHANNEL_NAMES=false",
      ),
  run: async (options, io) =>
    (await import("./export-openmetrics.js")).exportOpenMetrics(options as unknown as RawExportFlags, io),
};

const checkConfigCommand: CliCommand = {
  name: "check-config",
  summary:
    "Check the configuration exactly as serve would (settings, YAML file, web config file) and print the effective settings, the token hidden.",
  exitCodes: "0 valid, 2 invalid (one line per problem on stderr)",
  configure: (command) => command,
  run: async (_options, io) => (await import("./check-config.js")).checkConfig(io),
};

const hashPasswordCommand: CliCommand = {
  name: "hash-password",
  summary:
    "Read a password from standard input (typed without echo on a terminal) and print its bcrypt hash, for basic_auth_users in WEB_CONFIG_FILE.",
  exitCodes: "0 printed, 2 no usable password or a bad --cost",
  configure: (command) =>
    command.option("--cost <n>", "bcrypt cost, 4-31: each step doubles the time a check takes", "10"),
  run: async (options, io) => (await import("./hash-password.js")).hashPasswordFromInput(Number(options.cost), io),
};

const versionCommand: CliCommand = {
  name: "version",
  summary: "Print the version.",
  exitCodes: "0",
  configure: (command) => command,
  async run(_options, io) {
    io.stdout.write(`discord-exporter ${readPackageVersion()}\n`);
    return 0;
  },
};

/** The commands, in the order --help lists them. */
export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  recountCommand,
  exportOpenMetricsCommand,
  checkConfigCommand,
  hashPasswordCommand,
  versionCommand,
];

/** What runs without a command: the Docker image's and npm start's case. */
export const DEFAULT_COMMAND = serveCommand;
