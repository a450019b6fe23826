import { hasDefault } from "./setting-spec.js";
import { type DefaultedSettingName, SETTING_NAMES, SETTING_SPECS, type SettingValues } from "./settings.js";

type ReadonlyValue<T> = T extends readonly (infer Item)[] ? readonly Item[] : T;

/** Every setting that may be omitted, with its default from the settings table. */
export type ConfigDefaults = { readonly [Name in DefaultedSettingName]: ReadonlyValue<SettingValues[Name]> };

// Each row's default is typed by setting(); fromEntries loses the per-name types, hence the one cast.
// The rows' list defaults are frozen by setting(), so DEFAULTS cannot be changed through them.
export const DEFAULTS = Object.freeze(
  Object.fromEntries(
    SETTING_NAMES.flatMap((name): [string, unknown][] => {
      const fallback = SETTING_SPECS[name].default;
      return hasDefault(fallback) ? [[name, fallback]] : [];
    }),
  ),
) as ConfigDefaults;

/** The file looked for in the working directory when CONFIG_FILE is not set. */
export const DEFAULT_CONFIG_FILE_NAME = "discord-exporter.yaml";
