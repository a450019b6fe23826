/**
 * What one row of the settings table says about a setting. Everything else about it (Config's field,
 * its default, the YAML schema, error wording, the README table) is derived from the row.
 */
import type { ValueParser } from "./values.js";
import type { YamlType } from "./yaml-types.js";

/**
 * The default of a setting that has none: parseConfig reports it when no source sets it. An object
 * rather than a symbol: TypeScript widens an inferred unique symbol, which would hide from the
 * types (DEFAULTS) which settings are required.
 */
export const REQUIRED: { readonly required: true } = Object.freeze({ required: true });
export type NoDefault = typeof REQUIRED;

export interface SettingSpec<T, Key extends string = string, Default extends T | NoDefault = T | NoDefault> {
  /** The environment variable; also the setting's name in error messages. */
  readonly env: string;
  /**
   * YAML keys, preferred first, each with the types it may be written as. Only list settings have
   * several; their values are combined. The preferred key is the one suggested and documented first.
   */
  readonly yaml: { readonly [K in Key]: YamlType };
  readonly parse: ValueParser<T>;
  /** How values from several YAML keys are joined; without it the first key's value is used. */
  readonly combine?: (values: readonly NoInfer<T>[]) => NoInfer<T>;
  /** The value in a spelling `parse` reads back: for the docs and for showing an effective config. */
  readonly format: (value: T) => string;
  readonly default: Default;
  /** Never shown: `[hidden]` when describing a config, and redacted from error messages. */
  readonly secret?: boolean;
  /** The help line for the README table; `en` is the source, `ja` its Japanese version. */
  readonly doc: { readonly en: string; readonly ja: string };
}

/**
 * Types one row: T (the parsed value, Config's field type) comes from `parse`; a default or
 * formatter of another type is an error. Default keeps whether the setting is required.
 */
export function setting<T, const Key extends string, Default extends T | NoDefault>(
  spec: SettingSpec<T, Key, Default>,
): SettingSpec<T, Key, Default> {
  // A list default is shared by every config that does not set it: parseConfig copies it, nothing may change it.
  if (Array.isArray(spec.default)) Object.freeze(spec.default);
  return Object.freeze(spec);
}

export function hasDefault<T>(value: T | NoDefault): value is T {
  return value !== REQUIRED;
}
