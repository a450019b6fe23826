/**
 * The effective configuration as text, one line per setting in table order, each saying where its
 * value came from: what a check-config command prints. Pure. Secrets are shown as [hidden].
 */
import { SETTING_NAMES, SETTING_SPECS, type SettingName } from "./settings.js";
import type { Config, ConfigSources, SettingSource } from "./types.js";

/** `POLL_INTERVAL=1h30m (from /etc/discord-exporter.yaml key pollInterval)`, `PORT=2112 (default)`, ... */
export function describeEffectiveSettings(config: Config, sources: ConfigSources): string[] {
  return SETTING_NAMES.map((name) => describeSetting(name, config, sources[name]));
}

function describeSetting<Name extends SettingName>(name: Name, config: Config, source: SettingSource): string {
  const spec = SETTING_SPECS[name];
  const value = spec.secret === true ? "[hidden]" : quoteIfNeeded(spec.format(config[name]));
  return `${spec.env}=${value} (${describeSource(source)})`;
}

// A path with a space or a line break in it would otherwise make the line ambiguous or split it.
function quoteIfNeeded(text: string): string {
  return /[\s"'\\\p{Cc}]/u.test(text) ? JSON.stringify(text) : text;
}

function describeSource(source: SettingSource): string {
  switch (source.from) {
    case "environment":
      return "from environment";
    case "file":
      return `from ${source.path} ${source.keys.length === 1 ? "key" : "keys"} ${source.keys.join(", ")}`;
    case "default":
      return "default";
  }
}
