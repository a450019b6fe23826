/**
 * Environment + optional YAML file → a complete Config, or every problem found. Pure: the caller
 * (load-config.ts) does the file reading. The environment wins over the file, setting by setting,
 * but a bad value is reported even where it is overridden: it is still wrong.
 */
import { DEFAULT_CONFIG_FILE_NAME, DEFAULTS } from "./defaults.js";
import { redact } from "./describe.js";
import type { YamlConfig } from "./schema.js";
import { SETTINGS, type SettingSpec } from "./settings.js";
import type { Config, ConfigResult } from "./types.js";
import type { RawValue } from "./values.js";
import { type ConfigFile, readYamlSettings } from "./yaml-file.js";

export type Environment = Readonly<Record<string, string | undefined>>;

type Outcome<T> = { kind: "set"; value: T } | { kind: "unset" } | { kind: "failed" };

export function parseConfig(env: Environment, file: ConfigFile | null): ConfigResult {
  const yaml = file === null ? null : readYamlSettings(file);
  const errors: string[] = [...(yaml?.errors ?? [])];
  const fileName = file?.path ?? DEFAULT_CONFIG_FILE_NAME;

  function resolve<T>(spec: SettingSpec<T>): Outcome<T> {
    const envText = env[spec.env]?.trim();
    // Empty counts as unset: docker compose passes `VAR:` with no value as "".
    const fromEnv = envText ? parseFrom(spec, spec.env, envText) : ({ kind: "unset" } as const);
    const fromYaml = spec.yamlKeys.flatMap((key) => {
      const raw = toRawValue(yaml?.values[key]);
      return raw === undefined ? [] : [parseFrom(spec, `${fileName}: ${key}`, raw)];
    });
    if ([fromEnv, ...fromYaml].some((outcome) => outcome.kind === "failed")) return { kind: "failed" };
    if (fromEnv.kind === "set") return fromEnv;
    const values = fromYaml.flatMap((outcome) => (outcome.kind === "set" ? [outcome.value] : []));
    const [first] = values;
    if (first === undefined) return { kind: "unset" };
    return { kind: "set", value: spec.combine ? spec.combine(values) : first };
  }

  function parseFrom<T>(spec: SettingSpec<T>, label: string, raw: RawValue): Outcome<T> {
    const parsed = spec.parse(raw);
    if (parsed.ok) return { kind: "set", value: parsed.value };
    errors.push(...parsed.problems.map((problem) => `${label} ${problem}`));
    return { kind: "failed" };
  }

  function required<T>(spec: SettingSpec<T>): T | undefined {
    const outcome = resolve(spec);
    // A required list needs an item: `guildIds: []` sets nothing.
    const empty = outcome.kind === "set" && Array.isArray(outcome.value) && outcome.value.length === 0;
    if (outcome.kind === "set" && !empty) return outcome.value;
    // When the file could not be read as settings, or had this key with the wrong type, "required"
    // would be misleading: the value may well be there.
    const explained =
      outcome.kind === "failed" ||
      yaml?.usable === false ||
      spec.yamlKeys.some((key) => yaml?.invalidKeys.has(key) === true);
    if (!explained) {
      errors.push(
        `${spec.env} is required (environment variable ${spec.env} or "${spec.yamlKeys[0] ?? ""}" in ${fileName})`,
      );
    }
    return undefined;
  }

  function optional<T>(spec: SettingSpec<T>, fallback: T): T {
    const outcome = resolve(spec);
    return outcome.kind === "set" ? outcome.value : fallback;
  }

  // In Config's field order, which is the order errors are reported in.
  const token = required(SETTINGS.token);
  const guildIds = required(SETTINGS.guildIds);
  const rest = {
    apiUrl: optional(SETTINGS.apiUrl, DEFAULTS.apiUrl),
    databasePath: optional(SETTINGS.databasePath, DEFAULTS.databasePath),
    port: optional(SETTINGS.port, DEFAULTS.port),
    host: optional(SETTINGS.host, DEFAULTS.host),
    pollIntervalMs: optional(SETTINGS.pollIntervalMs, DEFAULTS.pollIntervalMs),
    excludedChannels: optional(SETTINGS.excludedChannels, [...DEFAULTS.excludedChannels]),
    concurrency: optional(SETTINGS.concurrency, DEFAULTS.concurrency),
    logLevel: optional(SETTINGS.logLevel, DEFAULTS.logLevel),
    legacyMetrics: optional(SETTINGS.legacyMetrics, DEFAULTS.legacyMetrics),
    exportChannelNames: optional(SETTINGS.exportChannelNames, DEFAULTS.exportChannelNames),
    forbiddenRetryMs: optional(SETTINGS.forbiddenRetryMs, DEFAULTS.forbiddenRetryMs),
    reconcileIntervalMs: optional(SETTINGS.reconcileIntervalMs, DEFAULTS.reconcileIntervalMs),
    requestTimeoutMs: optional(SETTINGS.requestTimeoutMs, DEFAULTS.requestTimeoutMs),
  };

  if (errors.length > 0 || token === undefined || guildIds === undefined) {
    // The messages never include the token by construction; this catches what construction missed.
    return { ok: false, errors: redact(errors, tokenCandidates(env, yaml?.values)) };
  }
  const config: Config = { token, guildIds, ...rest, configFile: file?.path ?? null };
  return { ok: true, config };
}

/** A YAML value as the value parsers take it; empty text and `key:` with no value are "not set". */
function toRawValue(value: YamlConfig[keyof YamlConfig]): RawValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => String(item).trim());
  const text = String(value).trim();
  return text === "" ? undefined : text;
}

function tokenCandidates(env: Environment, yaml: YamlConfig | undefined): string[] {
  return [env[SETTINGS.token.env], yaml?.token].flatMap((value) =>
    typeof value === "string" ? [value, value.trim()] : [],
  );
}
