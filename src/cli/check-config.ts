import { describeEffectiveSettings } from "../config/effective-settings.js";
import type { CliCommand } from "./command.js";
import { loadServeSettings } from "./load-settings.js";

export const checkConfigCommand: CliCommand = {
  name: "check-config",
  summary:
    "Check the configuration exactly as serve would (settings, YAML file, web config file) and print the effective settings, the token hidden.",
  exitCodes: "0 valid, 2 invalid (one line per problem on stderr)",
  configure: (command) => command,
  async run(_options, io) {
    const settings = await loadServeSettings(io);
    if (!settings.ok) {
      for (const error of settings.errors) io.stderr.write(`check-config: ${error}\n`);
      return 2;
    }
    const lines = describeEffectiveSettings(settings.config, settings.sources);
    if (settings.web !== null) {
      const { summary } = settings.web;
      const tls = summary.tls ? `TLS (certificate valid until ${summary.certificateValidTo ?? "?"})` : "no TLS";
      lines.push(`web configuration ${summary.file}: ${tls}, ${summary.basicAuthUsers} basic auth user(s)`);
    }
    io.stdout.write(`${lines.join("\n")}\nconfiguration is valid\n`);
    return 0;
  },
};
