/** Environment + optional YAML file text → a complete Config, or every problem found. Pure. */
import { type Environment, parseSettingsWithSources } from "./parse-settings.js";
import type { ConfigResult, SourcedConfigResult } from "./types.js";
import { type ConfigFile, readYamlSettings } from "./yaml-file.js";

export type { Environment };

export function parseConfig(env: Environment, file: ConfigFile | null): ConfigResult {
  const result = parseConfigWithSources(env, file);
  return result.ok ? { ok: true, config: result.config } : result;
}

/** parseConfig, plus where each value came from (for showing the effective configuration). */
export function parseConfigWithSources(env: Environment, file: ConfigFile | null): SourcedConfigResult {
  return parseSettingsWithSources(env, file === null ? null : { path: file.path, settings: readYamlSettings(file) });
}
