/**
 * The README's settings table, generated from the settings table (settings.ts) so the two cannot
 * drift. Pure; scripts/settings-table.ts writes it into the pages, a test checks they are current.
 */
import { hasDefault } from "./setting-spec.js";
import { SETTING_NAMES, SETTING_SPECS, type SettingName, yamlKeysOf } from "./settings.js";

export type DocLanguage = "en" | "ja";

/** The pages holding the table, relative to the repository root: both READMEs, each in its language. */
export const SETTINGS_TABLE_PAGES: readonly { path: string; lang: DocLanguage }[] = [
  { path: "README.md", lang: "en" },
  { path: "README.ja.md", lang: "ja" },
];

export const SETTINGS_TABLE_START = "<!-- settings-table -->";
export const SETTINGS_TABLE_END = "<!-- /settings-table -->";

const WORDS = {
  en: { headers: ["Variable", "YAML key", "Default", "Meaning"], required: "(required)", none: "none" },
  ja: { headers: ["環境変数", "YAML キー", "既定値", "説明"], required: "（必須）", none: "なし" },
} as const;

export function formatSettingsTable(lang: DocLanguage): string {
  const { headers } = WORDS[lang];
  const rows = SETTING_NAMES.map((name) => [
    code(SETTING_SPECS[name].env),
    yamlKeysOf(name).map(code).join(", "),
    formatDefault(name, lang),
    SETTING_SPECS[name].doc[lang],
  ]);
  return [headers, headers.map(() => "---"), ...rows].map((cells) => `| ${cells.map(cell).join(" | ")} |`).join("\n");
}

/** The page with the table between its markers replaced, or undefined when the page has no markers. */
export function replaceSettingsTable(page: string, lang: DocLanguage): string | undefined {
  const start = page.indexOf(SETTINGS_TABLE_START);
  const end = page.indexOf(SETTINGS_TABLE_END, start);
  if (start < 0 || end < 0) return undefined;
  // Blank lines keep the table a block of its own, apart from the HTML comments, in every renderer.
  const block = `${SETTINGS_TABLE_START}\n\n${formatSettingsTable(lang)}\n\n${SETTINGS_TABLE_END}`;
  return page.slice(0, start) + block + page.slice(end + SETTINGS_TABLE_END.length);
}

function formatDefault<Name extends SettingName>(name: Name, lang: DocLanguage): string {
  const spec = SETTING_SPECS[name];
  if (!hasDefault(spec.default)) return WORDS[lang].required;
  const text = spec.format(spec.default);
  return text === "" ? WORDS[lang].none : code(text);
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}
