/** Configuration: parsed once at startup by loadConfig; everything else receives a Config. */
export { DEFAULT_CONFIG_FILE_NAME, DEFAULTS, type ConfigDefaults } from "./defaults.js";
export { type DurationFailure, type DurationResult, formatDuration, parseDuration } from "./duration.js";
export { describeEffectiveSettings } from "./effective-settings.js";
export { type LoadConfigOptions, loadConfig, loadConfigWithSources } from "./load-config.js";
export { type Environment, parseConfig, parseConfigWithSources } from "./parse-config.js";
export { LIMITS, type SettingName } from "./settings.js";
export { formatSettingsTable, type DocLanguage } from "./settings-table.js";
export type { Config, ConfigResult, ConfigSources, SettingSource, SourcedConfigResult } from "./types.js";
export { LOG_LEVELS, type LogLevel } from "./values.js";
export type { ConfigFile } from "./yaml-file.js";
