// Runs every query of docs/history.md against a database and prints each result as markdown.
//   npm run history-examples -- [DB]                     print (DB defaults to $DATABASE_PATH or ./data/discord-exporter.db)
//   npm run history-examples -- [DB] --fill docs/history.md   replace the page's output blocks in place
import fs from "node:fs";
import { DEFAULT_DATABASE_PATH } from "../src/cli/export-openmetrics-options.js";
import {
  HISTORY_EXAMPLES,
  fillOutputBlocks,
  formatMarkdownTable,
  formatOutputBlock,
  formatSqliteCommand,
} from "../src/history/example-queries.js";
import { openStore } from "../src/store/open.js";

function main(argv: string[]): number {
  const fillIndex = argv.indexOf("--fill");
  const page = fillIndex >= 0 ? argv[fillIndex + 1] : undefined;
  if (fillIndex >= 0 && page === undefined) {
    process.stderr.write("history-examples: --fill needs the markdown file to fill\n");
    return 2;
  }
  const positional = fillIndex < 0 ? argv : argv.filter((_, index) => index !== fillIndex && index !== fillIndex + 1);
  const db = positional[0] ?? process.env.DATABASE_PATH ?? DEFAULT_DATABASE_PATH;
  if (!fs.existsSync(db)) {
    process.stderr.write(`history-examples: database ${db} does not exist\n`);
    return 1;
  }
  const store = openStore({ path: db, readonly: true });
  try {
    const tables = new Map<string, string>();
    for (const example of HISTORY_EXAMPLES) {
      const statement = store.sqlite.prepare(example.sql).raw(true);
      const columns = statement.columns().map((column) => column.name);
      tables.set(example.name, formatMarkdownTable(columns, statement.all() as unknown[][]));
    }
    if (page !== undefined) {
      fs.writeFileSync(page, fillOutputBlocks(fs.readFileSync(page, "utf8"), tables));
      process.stderr.write(`history-examples: filled ${tables.size} outputs in ${page}\n`);
      return 0;
    }
    for (const example of HISTORY_EXAMPLES) {
      process.stdout.write(`### ${example.title}\n\n\`\`\`sh\n${formatSqliteCommand(example)}\n\`\`\`\n\n`);
      process.stdout.write(`${formatOutputBlock(example.name, tables.get(example.name) ?? "")}\n\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`history-examples: ${error instanceof Error ? error.message : String(error)}\n`);
    process.stderr.write(
      "history-examples: (the views come with migration 0002_history_views: start the exporter once to apply it)\n",
    );
    return 1;
  } finally {
    store.close();
  }
}

process.exitCode = main(process.argv.slice(2));
