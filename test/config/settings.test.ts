// The settings table is the one place a setting is written down: these check that everything else
// follows from a row, so adding a row is enough (and a row that is wrong in itself is caught).
import { describe, expect, expectTypeOf, it } from "vitest";
import { DEFAULTS } from "../../src/config/defaults.js";
import { type Config, parseConfig, parseConfigWithSources } from "../../src/config/index.js";
import { YAML_KEYS, YamlConfigSchema } from "../../src/config/schema.js";
import { hasDefault } from "../../src/config/setting-spec.js";
import { SETTING_NAMES, SETTING_SPECS, type SettingName, yamlKeysOf } from "../../src/config/settings.js";
import { formatSettingsTable } from "../../src/config/settings-table.js";
import { FILE, MINIMAL_ENV } from "./fixtures/constants.js";

const DEFAULTED = SETTING_NAMES.filter((name) => hasDefault(SETTING_SPECS[name].default));

/** A defaulted setting's default and that default as text; generic so that format() takes the value's type. */
function formattedDefault<Name extends SettingName>(name: Name): { value: unknown; text: string } {
  const spec = SETTING_SPECS[name];
  if (!hasDefault(spec.default)) throw new Error(`${name} has no default`);
  return { value: spec.default, text: spec.format(spec.default) };
}

describe("the settings table", () => {
  it("is what Config is made of, field for field", () => {
    expectTypeOf<keyof Config>().toEqualTypeOf<SettingName | "configFile">();
    expectTypeOf<Config["pollIntervalMs"]>().toEqualTypeOf<number>();
    expectTypeOf<Config["recountIntervalMs"]>().toEqualTypeOf<number | null>();
    expectTypeOf<Config["excludedChannels"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Config["logLevel"]>().toEqualTypeOf<
      "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent"
    >();

    const result = parseConfig(MINIMAL_ENV, null);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(Object.keys(result.config)).toEqual([...SETTING_NAMES, "configFile"]);
  });

  it("gives DEFAULTS every setting that has a default, and nothing else", () => {
    expect(Object.keys(DEFAULTS)).toEqual(DEFAULTED);
    expect(SETTING_NAMES.filter((name) => !DEFAULTED.includes(name))).toEqual(["token", "guildIds"]);
    expect(Object.isFrozen(DEFAULTS)).toBe(true);
    expect(Object.isFrozen(DEFAULTS.excludedChannels)).toBe(true);
  });

  it("has one row per environment variable and YAML key", () => {
    const envNames = SETTING_NAMES.map((name) => SETTING_SPECS[name].env);
    expect(new Set(envNames).size).toBe(envNames.length);
    const keys = SETTING_NAMES.flatMap(yamlKeysOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(YAML_KEYS).toEqual(keys);
    for (const name of SETTING_NAMES) expect(yamlKeysOf(name).length, name).toBeGreaterThan(0);
  });

  it("only lets settings that combine their values have several YAML keys", () => {
    for (const name of SETTING_NAMES) {
      if (yamlKeysOf(name).length > 1) expect(SETTING_SPECS[name].combine, name).toBeDefined();
    }
  });

  it.each(SETTING_NAMES.flatMap(yamlKeysOf))("accepts the YAML key %s", (key) => {
    expect(YamlConfigSchema.safeParse({ [key]: null }).success).toBe(true);
    expect(parseConfig(MINIMAL_ENV, { path: FILE, text: `${key}:\n` })).toMatchObject({ ok: true });
  });

  it.each(SETTING_NAMES)("suggests %s's preferred YAML key for its environment variable name", (name) => {
    const { env } = SETTING_SPECS[name];
    const [preferred] = yamlKeysOf(name);
    expect(parseConfig(MINIMAL_ENV, { path: FILE, text: `${env}: x\n` })).toEqual({
      ok: false,
      errors: [`${FILE}: unknown key "${env}" (did you mean "${preferred}"?)`],
    });
  });

  it.each(DEFAULTED)("formats %s's default in a spelling its parser reads back", (name) => {
    const { value, text } = formattedDefault(name);
    expect(SETTING_SPECS[name].parse(text)).toEqual({ ok: true, value });
  });

  it.each(DEFAULTED)("reads %s from the environment and from each of its YAML keys", (name) => {
    const { value, text } = formattedDefault(name);
    // An empty value means "not set", so an empty default (no excluded channels) cannot come from a source.
    if (text === "") return;
    const fromEnv = parseConfigWithSources({ ...MINIMAL_ENV, [SETTING_SPECS[name].env]: text }, null);
    expect(fromEnv).toMatchObject({ ok: true, sources: { [name]: { from: "environment" } } });
    for (const key of yamlKeysOf(name)) {
      const fromFile = parseConfigWithSources(MINIMAL_ENV, { path: FILE, text: `${key}: ${JSON.stringify(text)}\n` });
      expect(fromFile).toMatchObject({ ok: true, sources: { [name]: { from: "file", keys: [key] } } });
      if (fromFile.ok) expect(fromFile.config[name]).toEqual(value);
    }
  });

  it.each(SETTING_NAMES)("documents %s in English and Japanese", (name) => {
    const { env, doc } = SETTING_SPECS[name];
    for (const lang of ["en", "ja"] as const) {
      expect(doc[lang].trim()).not.toBe("");
      expect(doc[lang]).not.toContain("\n");
      expect(formatSettingsTable(lang)).toContain(`| \`${env}\` |`);
    }
  });
});
