import { readPackageVersion } from "../version.js";
import type { CliCommand } from "./command.js";

export const versionCommand: CliCommand = {
  name: "version",
  summary: "Print the version.",
  exitCodes: "0",
  configure: (command) => command,
  async run(_options, io) {
    io.stdout.write(`discord-exporter ${readPackageVersion()}\n`);
    return 0;
  },
};
