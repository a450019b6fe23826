/**
 * The I/O around parseConfig: finds and reads the YAML file, then parses. Call once at startup.
 */
import { readFile as fsReadFile } from "node:fs/promises";
import { resolve } from "node:path";
import { DEFAULT_CONFIG_FILE_NAME } from "./defaults.js";
import { type Environment, parseSettingsWithSources } from "./parse-settings.js";
import type { ConfigResult, SourcedConfigResult } from "./types.js";
import type { ConfigFile } from "./yaml-file.js";
import { describeReadFailure, errorCode } from "./read-failure.js";

export interface LoadConfigOptions {
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Where discord-exporter.yaml is looked for and relative CONFIG_FILE paths start; defaults to process.cwd(). */
  readonly cwd?: string;
  /** Reads a file as UTF-8, rejecting with a Node error (code ENOENT etc.); defaults to fs.promises.readFile. */
  readonly readFile?: (path: string) => Promise<string>;
}

/**
 * CONFIG_FILE names the YAML file (it must exist); otherwise discord-exporter.yaml in cwd is used
 * if present. Errors name files by absolute path, which is also what config.configFile holds.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ConfigResult> {
  const result = await loadConfigWithSources(options);
  return result.ok ? { ok: true, config: result.config } : result;
}

/** loadConfig, plus where each value came from (for showing the effective configuration). */
export async function loadConfigWithSources(options: LoadConfigOptions = {}): Promise<SourcedConfigResult> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path, "utf8"));

  const explicit = env.CONFIG_FILE?.trim();
  const path = resolve(cwd, explicit || DEFAULT_CONFIG_FILE_NAME);
  let file: ConfigFile | null;
  try {
    file = { path, text: await readFile(path) };
  } catch (error) {
    const code = errorCode(error);
    if (!explicit && (code === "ENOENT" || code === "ENOTDIR")) {
      file = null; // No file is fine: everything can come from the environment.
    } else {
      // Alone: without the file, "X is required" errors for settings it may hold would mislead.
      const named = explicit ? `CONFIG_FILE points to ${describePath(explicit, path)}, which` : path;
      return { ok: false, errors: [`${named} ${describeReadFailure(error)}`] };
    }
  }
  if (file === null) return parseSettingsWithSources(env, null);
  // The YAML reader (yaml, zod) is loaded only for a file: most deployments configure by environment alone.
  const { parseConfigWithSources } = await import("./parse-config.js");
  return parseConfigWithSources(env, file);
}

function describePath(given: string, absolute: string): string {
  return given === absolute ? JSON.stringify(given) : `${JSON.stringify(given)} (${absolute})`;
}
