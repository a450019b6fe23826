// What `export-openmetrics` was asked to do, from its flags and environment. Pure.
import { parseBoolean } from "../config/values.js";
import { addUtcDays, formatUtcDay, isUtcDay } from "../history/utc-days.js";

export const DEFAULT_DATABASE_PATH = "./data/discord-exporter.db";

export interface RawExportFlags {
  since?: string;
  until?: string;
  out?: string;
  db?: string;
  /** commander's --no-channel-names: false when given. */
  channelNames: boolean;
}

export interface ExportOptions {
  since: string | undefined;
  until: string;
  /** null: standard output */
  out: string | null;
  db: string;
  exportChannelNames: boolean;
}

export type ParsedExportOptions = { ok: true; options: ExportOptions } | { ok: false; error: string };

/**
 * `until` defaults to yesterday (UTC): today is not over, and its live samples are being scraped anyway. Channel
 * names follow EXPORT_CHANNEL_NAMES like the exporter, so the labels match the live ones.
 */
export function parseExportOptions(
  flags: RawExportFlags,
  env: Readonly<Record<string, string | undefined>>,
  nowMs: number,
): ParsedExportOptions {
  for (const [flag, value] of [
    ["--since", flags.since],
    ["--until", flags.until],
  ] as const) {
    if (value !== undefined && !isUtcDay(value)) {
      return { ok: false, error: `${flag} must be a UTC day as YYYY-MM-DD, got ${JSON.stringify(value)}` };
    }
  }
  const until = flags.until ?? addUtcDays(formatUtcDay(nowMs), -1);
  if (flags.since !== undefined && flags.since > until) {
    return { ok: false, error: `--since ${flags.since} is after the last day exported (${until})` };
  }
  let exportChannelNames = flags.channelNames;
  const envNames = env.EXPORT_CHANNEL_NAMES;
  if (exportChannelNames && envNames !== undefined && envNames !== "") {
    const parsed = parseBoolean(envNames);
    if (!parsed.ok) return { ok: false, error: `EXPORT_CHANNEL_NAMES ${parsed.problems.join("; ")}` };
    exportChannelNames = parsed.value;
  }
  if (flags.out === "") return { ok: false, error: "--out needs a file name" };
  return {
    ok: true,
    options: {
      since: flags.since,
      until,
      out: flags.out ?? null,
      db: flags.db || env.DATABASE_PATH || DEFAULT_DATABASE_PATH,
      exportChannelNames,
    },
  };
}
