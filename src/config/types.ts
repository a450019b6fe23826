/**
 * The configuration's types, derived from the settings table (settings.ts): a row added there is a
 * field here.
 */
import type { SettingName, SettingValues, YamlKey } from "./settings.js";

/** The exporter's configuration, validated and complete: nothing downstream re-checks it. */
export interface Config extends SettingValues {
  /** The YAML file read (absolute path when found by loadConfig), or null. Not a setting. */
  configFile: string | null;
}

/** Where a setting's value came from; the environment wins over the file, the file over the default. */
export type SettingSource =
  | { readonly from: "environment"; readonly variable: string }
  /** Several keys only for list settings whose values were combined; preferred key first. */
  | { readonly from: "file"; readonly path: string; readonly keys: readonly YamlKey[] }
  | { readonly from: "default" };

export type ConfigSources = { readonly [Name in SettingName]: SettingSource };

/** What parseConfig and loadConfig return: a complete config, or every problem found. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** ConfigResult with where each value came from, for showing the effective configuration. */
export type SourcedConfigResult =
  | { ok: true; config: Config; sources: ConfigSources }
  | { ok: false; errors: string[] };
