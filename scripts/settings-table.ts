// Rewrites the settings tables of README.md and README.ja.md (English and Japanese help lines) from src/config/settings.ts.
//   npm run docs:settings
import fs from "node:fs";
import {
  replaceSettingsTable,
  SETTINGS_TABLE_END,
  SETTINGS_TABLE_PAGES,
  SETTINGS_TABLE_START,
} from "../src/config/settings-table.js";

function main(): number {
  let status = 0;
  for (const { path, lang } of SETTINGS_TABLE_PAGES) {
    const url = new URL(`../${path}`, import.meta.url);
    if (!fs.existsSync(url)) {
      process.stderr.write(`docs:settings: ${path} does not exist\n`);
      status = 1;
      continue;
    }
    const page = fs.readFileSync(url, "utf8");
    const updated = replaceSettingsTable(page, lang);
    if (updated === undefined) {
      process.stderr.write(`docs:settings: ${path} has no ${SETTINGS_TABLE_START} … ${SETTINGS_TABLE_END} markers\n`);
      status = 1;
    } else if (updated === page) {
      process.stderr.write(`docs:settings: ${path} is up to date\n`);
    } else {
      fs.writeFileSync(url, updated);
      process.stderr.write(`docs:settings: ${path} updated\n`);
    }
  }
  return status;
}

process.exitCode = main();
