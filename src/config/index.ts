/** Configuration: parsed once at startup by loadConfig; everything else receives a Config. */
export { DEFAULT_CONFIG_FILE_NAME, DEFAULTS, type ConfigDefaults } from "./defaults.js";
export { type DurationFailure, type DurationResult, formatDuration, parseDuration } from "./duration.js";
export { type LoadConfigOptions, loadConfig } from "./load-config.js";
export { type Environment, parseConfig } from "./parse-config.js";
export { LIMITS } from "./settings.js";
export { type Config, type ConfigResult, LOG_LEVELS, type LogLevel } from "./types.js";
export type { ConfigFile } from "./yaml-file.js";
