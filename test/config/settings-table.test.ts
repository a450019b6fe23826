import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SETTING_NAMES } from "../../src/config/settings.js";
import {
  formatSettingsTable,
  replaceSettingsTable,
  SETTINGS_TABLE_END,
  SETTINGS_TABLE_PAGES,
  SETTINGS_TABLE_START,
} from "../../src/config/settings-table.js";

const root = new URL("../../", import.meta.url);

describe("the README's settings table", () => {
  it.each(SETTINGS_TABLE_PAGES)("is current in $path ($lang)", ({ path, lang }) => {
    const url = new URL(path, root);
    expect(existsSync(url), `${path} is missing`).toBe(true);
    const page = readFileSync(url, "utf8");
    const updated = replaceSettingsTable(page, lang);
    expect(updated, `${path} needs ${SETTINGS_TABLE_START} and ${SETTINGS_TABLE_END} around its table`).toBeDefined();
    expect(page, `${path}'s settings table differs from src/config/settings.ts: run \`npm run docs:settings\``).toBe(
      updated,
    );
  });
});

describe("formatSettingsTable", () => {
  it.each(["en", "ja"] as const)("has a header, a rule and one row of four cells per setting (%s)", (lang) => {
    const lines = formatSettingsTable(lang).split("\n");
    expect(lines).toHaveLength(2 + SETTING_NAMES.length);
    expect(lines[1]).toBe("| --- | --- | --- | --- |");
    for (const line of lines) {
      // Unescaped pipes only: an escaped one (\|) inside a help line is text, not a column.
      expect(line.split(/(?<!\\)\|/).length, line).toBe(6);
    }
  });

  it("writes the defaults as the docs show them", () => {
    const en = formatSettingsTable("en");
    expect(en).toContain("| `DISCORD_TOKEN` | `token` | (required) |");
    expect(en).toContain("| `DISCORD_GUILD_ID` | `guildIds`, `serverID` | (required) |");
    expect(en).toContain("| `POLL_INTERVAL` | `pollInterval` | `15m` |");
    expect(en).toContain("| `EXCLUDED_CHANNELS` | `excludedChannels`, `excludeChannels` | none |");
    expect(en).toContain("| `RECONCILE_INTERVAL` | `reconcileInterval` | `off` |");
    const ja = formatSettingsTable("ja");
    expect(ja.split("\n")[0]).toBe("| 環境変数 | YAML キー | 既定値 | 説明 |");
    expect(ja).toContain("| `DISCORD_TOKEN` | `token` | （必須） |");
    expect(ja).toContain("| `EXCLUDED_CHANNELS` | `excludedChannels`, `excludeChannels` | なし |");
  });
});

describe("replaceSettingsTable", () => {
  const page = `# Title\n\nIntro.\n\n${SETTINGS_TABLE_START}\nold table\n${SETTINGS_TABLE_END}\n\n## Next\n`;

  it("replaces only what is between the markers, keeping them", () => {
    expect(replaceSettingsTable(page, "en")).toBe(
      `# Title\n\nIntro.\n\n${SETTINGS_TABLE_START}\n\n${formatSettingsTable("en")}\n\n${SETTINGS_TABLE_END}\n\n## Next\n`,
    );
  });

  it("changes nothing the second time", () => {
    const once = replaceSettingsTable(page, "ja") ?? "";
    expect(replaceSettingsTable(once, "ja")).toBe(once);
  });

  it("says when a page has no markers (or only one)", () => {
    expect(replaceSettingsTable("# Title\n", "en")).toBeUndefined();
    expect(replaceSettingsTable(`${SETTINGS_TABLE_START}\n`, "en")).toBeUndefined();
    expect(replaceSettingsTable(`${SETTINGS_TABLE_END}\n${SETTINGS_TABLE_START}\n`, "en")).toBeUndefined();
  });
});
