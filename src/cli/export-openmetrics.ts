// discord-exporter export-openmetrics [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--out FILE] [--db PATH]
// Writes the stored history as OpenMetrics for `promtool tsdb create-blocks-from openmetrics` (docs/history.md).
import { once } from "node:events";
import fs from "node:fs";
import type { HistoryInput } from "../history/history-input.js";
import { describeSqliteError, StoreError } from "../store/errors.js";
import { openStore, type Store } from "../store/open.js";
import type { CliCommand } from "./command.js";
import { type ExportOptions, parseExportOptions, type RawExportFlags } from "./export-openmetrics-options.js";
import type { CliIo, OutputStream } from "./io.js";

const NAME = "export-openmetrics";
// Lines are gathered into chunks of about this size: one write per line would be slow for millions of samples.
const CHUNK_CHARS = 1 << 16;

export const exportOpenMetricsCommand: CliCommand = {
  name: NAME,
  summary:
    "Write the stored history (daily message totals, member samples, active members, voice time, joins and leaves) as OpenMetrics, for promtool tsdb create-blocks-from openmetrics.",
  exitCodes: "0 written, 1 the database or the output failed, 2 bad usage",
  configure: (command) =>
    command
      .option("--since <YYYY-MM-DD>", "first UTC day to export (default: the first day in the database)")
      .option("--until <YYYY-MM-DD>", "last UTC day to export, included (default: yesterday)")
      .option("--out <file>", "write to this file instead of standard output")
      .option("--db <path>", "database file (default: $DATABASE_PATH or ./data/discord-exporter.db)")
      .option(
        "--no-channel-names",
        "empty channel and category labels, as the exporter with EXPORT_CHANNEL_NAMES=false",
      ),
  run: (options, io) => exportOpenMetrics(options as unknown as RawExportFlags, io),
};

async function exportOpenMetrics(flags: RawExportFlags, io: CliIo): Promise<number> {
  const fail = (message: string, code: 1 | 2): 1 | 2 => {
    io.stderr.write(`${NAME}: ${message}\n`);
    return code;
  };
  const parsed = parseExportOptions(flags, io.env, io.now());
  if (!parsed.ok) return fail(parsed.error, 2);
  const options = parsed.options;

  if (!fs.existsSync(options.db)) {
    return fail(`database ${options.db} does not exist (pass --db PATH or set DATABASE_PATH)`, 1);
  }
  let store: Store;
  try {
    // Read-only: it runs beside a live exporter, and never migrates a database the exporter owns.
    store = openStore({ path: options.db, readonly: true });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 1);
  }
  // The history readers are loaded by this command only, not by every run of the CLI (serve above all).
  const [{ readHistoryInput }, { buildOpenMetricsLines }] = await Promise.all([
    import("../history/read-history.js"),
    import("../history/build-openmetrics.js"),
  ]);
  try {
    let input: HistoryInput;
    try {
      input = readHistoryInput(store, {
        since: options.since,
        until: options.until,
        exportChannelNames: options.exportChannelNames,
      });
    } catch (error) {
      return fail(error instanceof StoreError ? error.message : describeSqliteError(options.db, error), 1);
    }
    try {
      const samples = await writeLines(buildOpenMetricsLines(input), options, io.stdout);
      io.stderr.write(
        `${NAME}: ${samples} samples from ${input.since} to ${input.until}${options.out ? ` written to ${options.out}` : ""}\n`,
      );
      return 0;
    } catch (error) {
      return fail(
        `cannot write ${options.out ?? "standard output"}: ${error instanceof Error ? error.message : String(error)}`,
        1,
      );
    }
  } finally {
    store.close();
  }
}

/** Streams the lines; a file is written aside and renamed, so a failed export never leaves half a file behind. */
async function writeLines(lines: Iterable<string>, options: ExportOptions, stdout: OutputStream): Promise<number> {
  if (options.out === null) return writeChunks(lines, openStdoutSink(stdout));
  const temp = `${options.out}.${process.pid}.tmp`;
  const handle = await fs.promises.open(temp, "w");
  try {
    const samples = await writeChunks(lines, { write: async (chunk) => void (await handle.write(chunk)) });
    await handle.close();
    await fs.promises.rename(temp, options.out);
    return samples;
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

interface Sink {
  write(chunk: string): Promise<void>;
}

/** Standard output with backpressure; a closed pipe (| head) fails the export instead of hanging it. */
function openStdoutSink(stdout: OutputStream): Sink {
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) =>
    stdout.on("error", (error: Error) => {
      failure = error;
      reject(error);
    }),
  );
  failed.catch(() => {});
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stdout.write(chunk)) await Promise.race([once(stdout, "drain"), failed]);
    },
  };
}

async function writeChunks(lines: Iterable<string>, sink: Sink): Promise<number> {
  let samples = 0;
  let chunk = "";
  for (const line of lines) {
    if (!line.startsWith("#")) samples++;
    chunk += line;
    if (chunk.length >= CHUNK_CHARS) {
      await sink.write(chunk);
      chunk = "";
    }
  }
  if (chunk.length > 0) await sink.write(chunk);
  return samples;
}
