/**
 * Environment + the optional YAML file's settings → a complete Config, or every problem found. Pure: the callers do
 * the file reading (load-config.ts) and the YAML parsing (parse-config.ts). The environment wins over the file,
 * setting by setting, but a bad value is reported even where it is overridden: it is still wrong. Settings are parsed
 * in the settings table's order, which is the order errors are reported in.
 */
import { DEFAULT_CONFIG_FILE_NAME } from "./defaults.js";
import { redact } from "./describe.js";
import type { YamlConfig } from "./schema.js";
import { hasDefault, type SettingSpec } from "./setting-spec.js";
import {
  SETTING_NAMES,
  SETTING_SPECS,
  type SettingName,
  type SettingValues,
  type YamlKey,
  yamlKeysOf,
} from "./settings.js";
import type { ConfigSources, SettingSource, SourcedConfigResult } from "./types.js";
import type { RawValue } from "./values.js";
import type { YamlSettings } from "./yaml-file.js";
import type { YamlValue } from "./yaml-types.js";

export type Environment = Readonly<Record<string, string | undefined>>;

type Parsed<T> = { kind: "set"; value: T } | { kind: "failed" };
type Outcome<T> = { kind: "set"; value: T; source: SettingSource } | { kind: "unset" } | { kind: "failed" };

/** A YAML file's settings as yaml-file.ts read them, with the file's path for messages and sources. */
export interface FileSettings {
  readonly path: string;
  readonly settings: YamlSettings;
}

/** The configuration and where each value came from; `file` null: no YAML file (yaml and zod are not loaded). */
export function parseSettingsWithSources(env: Environment, file: FileSettings | null): SourcedConfigResult {
  const yaml = file?.settings ?? null;
  const errors: string[] = [...(yaml?.errors ?? [])];
  const fileName = file?.path ?? DEFAULT_CONFIG_FILE_NAME;

  function resolve<T>(spec: SettingSpec<T>, keys: readonly YamlKey[]): Outcome<T> {
    const envText = env[spec.env]?.trim();
    // Empty counts as unset: docker compose passes `VAR:` with no value as "".
    const fromEnv = envText ? parseFrom(spec, spec.env, envText) : undefined;
    const fromYaml = keys.flatMap((key) => {
      const raw = toRawValue(yaml?.values[key]);
      return raw === undefined ? [] : [{ key, parsed: parseFrom(spec, `${fileName}: ${key}`, raw) }];
    });
    if (fromEnv?.kind === "failed" || fromYaml.some(({ parsed }) => parsed.kind === "failed"))
      return { kind: "failed" };
    if (fromEnv?.kind === "set") {
      return { kind: "set", value: fromEnv.value, source: { from: "environment", variable: spec.env } };
    }
    const set = fromYaml.flatMap(({ key, parsed }) => (parsed.kind === "set" ? [{ key, value: parsed.value }] : []));
    const [first] = set;
    if (first === undefined || file === null) return { kind: "unset" };
    const value = spec.combine ? spec.combine(set.map((each) => each.value)) : first.value;
    const usedKeys = spec.combine ? set.map((each) => each.key) : [first.key];
    return { kind: "set", value, source: { from: "file", path: file.path, keys: usedKeys } };
  }

  function parseFrom<T>(spec: SettingSpec<T>, label: string, raw: RawValue): Parsed<T> {
    const parsed = spec.parse(raw);
    if (parsed.ok) return { kind: "set", value: parsed.value };
    errors.push(...parsed.problems.map((problem) => `${label} ${problem}`));
    return { kind: "failed" };
  }

  const values: Partial<SettingValues> = {};
  const sources: Partial<Record<SettingName, SettingSource>> = {};
  let missingRequired = false;

  function settle<Name extends SettingName>(name: Name): void {
    const spec = SETTING_SPECS[name];
    const keys = yamlKeysOf(name);
    const outcome = resolve(spec, keys);
    if (hasDefault(spec.default)) {
      if (outcome.kind === "set") {
        values[name] = outcome.value;
        sources[name] = outcome.source;
      } else {
        // A copy: a list default must not be shared between configs (or changed through one).
        values[name] = structuredClone(spec.default);
        sources[name] = { from: "default" };
      }
      return;
    }
    // A required list needs an item: `guildIds: []` sets nothing.
    const empty = outcome.kind === "set" && Array.isArray(outcome.value) && outcome.value.length === 0;
    if (outcome.kind === "set" && !empty) {
      values[name] = outcome.value;
      sources[name] = outcome.source;
      return;
    }
    missingRequired = true;
    // When the file could not be read as settings, or had this key with the wrong type, "required"
    // would be misleading: the value may well be there.
    const explained =
      outcome.kind === "failed" || yaml?.usable === false || keys.some((key) => yaml?.invalidKeys.has(key) === true);
    if (!explained) {
      errors.push(`${spec.env} is required (environment variable ${spec.env} or "${keys[0] ?? ""}" in ${fileName})`);
    }
  }

  for (const name of SETTING_NAMES) settle(name);

  if (errors.length > 0 || missingRequired) {
    // The messages never include secrets by construction; this catches what construction missed.
    return { ok: false, errors: redact(errors, secretCandidates(env, yaml?.values)) };
  }
  // settle() gave every setting a value and a source, or an error (which returned above).
  const config = { ...(values as SettingValues), configFile: file?.path ?? null };
  return { ok: true, config, sources: sources as ConfigSources };
}

/** A YAML value as the value parsers take it; empty text and `key:` with no value are "not set". */
function toRawValue(value: YamlValue | null | undefined): RawValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => String(item).trim());
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

function secretCandidates(env: Environment, yaml: YamlConfig | undefined): string[] {
  const secret = SETTING_NAMES.filter((name) => SETTING_SPECS[name].secret === true);
  const given = secret.flatMap((name) => [env[SETTING_SPECS[name].env], ...yamlKeysOf(name).map((key) => yaml?.[key])]);
  return given.flatMap((value) => (typeof value === "string" ? [value, value.trim()] : []));
}
