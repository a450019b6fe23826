import { describeEffectiveSettings } from "../config/effective-settings.js";
import type { CliIo } from "./io.js";
import { loadServeSettings } from "./load-settings.js";

/** Checks the configuration as serve would and prints the effective settings, the token hidden. */
export async function checkConfig(io: CliIo): Promise<number> {
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
}
