// discord-exporter recount [--guild ID]... [--channel ID|NAME]... [--all]
import fs from "node:fs";
import cliProgress from "cli-progress";
import { loadConfig } from "../config/load-config.js";
import { createLimiter } from "../counter/limiter.js";
import { NO_OBSERVER } from "../counter/observer.js";
import { lifecyclePolicy } from "../counter/policy.js";
import { type RecountDeps, type RecountResult, recountChannel } from "../counter/recount.js";
import { createRestDiscordApi } from "../discord/rest-api.js";
import { createLogger } from "../log.js";
import { readAllChannels } from "../store/channel-rows.js";
import { StoreError } from "../store/errors.js";
import { openStore, type Store } from "../store/open.js";
import type { CliIo } from "./io.js";
import { formatRecountReport } from "./recount-report.js";
import { resolveRecountTargets } from "./recount-targets.js";

/** The options commander parsed for `recount` (src/cli/commands.ts declares them). */
export interface RecountOptions {
  guild: string[];
  channel: string[];
  all: boolean;
}

export async function recount(options: RecountOptions, io: CliIo): Promise<number> {
  const loaded = await loadConfig({ env: io.env, cwd: io.cwd, readFile: io.readFile });
  if (!loaded.ok) {
    for (const error of loaded.errors) io.stderr.write(`recount: ${error}\n`);
    return 2;
  }
  const config = loaded.config;
  let store: Store;
  try {
    if (!fs.existsSync(config.databasePath))
      throw new StoreError(`database ${config.databasePath} does not exist: run the exporter first`);
    store = openStore({ path: config.databasePath, busyTimeoutMs: config.databaseBusyTimeoutMs });
  } catch (error) {
    io.stderr.write(`recount: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  try {
    const targets = resolveRecountTargets(readAllChannels(store), {
      guilds: options.guild,
      channels: options.channel,
      all: options.all,
    });
    if (!targets.ok) {
      io.stderr.write(`recount: ${targets.error}\n`);
      return 2;
    }
    const api = createRestDiscordApi({
      token: config.token,
      apiUrl: config.apiUrl,
      timeoutMs: config.requestTimeoutMs,
      globalRequestsPerSecond: config.globalRateLimit,
    });
    const deps: RecountDeps = {
      api,
      store,
      limiter: createLimiter(config.concurrency),
      clock: io.now,
      priority: "high",
      policy: lifecyclePolicy(config),
      observer: NO_OBSERVER,
      // Logs go to stderr: stdout holds the report.
      log: createLogger({ level: "warn", secrets: [config.token], destination: io.stderr }),
    };
    const progress = createProgress(io);
    const results: RecountResult[] = targets.blocked.map((row) => ({
      kind: "skipped",
      channelId: row.id,
      state: row.state,
      reason: `not asked (retried by the exporter at its retry time)${row.lastError ? `; last error: ${row.lastError}` : ""}`,
    }));
    const failures: string[] = [];
    await Promise.all(
      targets.channels.map(async (channel) => {
        const report = progress.start(channel.name || channel.id);
        try {
          results.push(
            await recountChannel(deps, channel.id, (p) =>
              p.swapping ? progress.swapping(channel.name || channel.id) : report(p.ratio, p.messages),
            ),
          );
        } catch (error) {
          failures.push(`${channel.name} (${channel.id}): ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          report(1, -1);
        }
      }),
    );
    progress.stop();
    const names = new Map([...targets.channels, ...targets.blocked].map((channel) => [channel.id, channel.name]));
    io.stdout.write(formatRecountReport(results, names));
    for (const failure of failures) io.stderr.write(`recount: failed: ${failure}\n`);
    const outcome = recountOutcome(results, failures.length);
    if (outcome.summary !== null) io.stderr.write(`recount: ${outcome.summary}\n`);
    return outcome.code;
  } finally {
    store.close();
  }
}

/**
 * Pure: the exit code and the last stderr line. 1 when any channel failed (the run needs attention; a script retries
 * it), else 3 when any was skipped (nothing wrong to retry: the bot cannot read them, their counts are kept), else 0.
 * One code cannot say both, so when channels failed and others were skipped the line says how many of each.
 */
export function recountOutcome(
  results: readonly RecountResult[],
  failed: number,
): { code: 0 | 1 | 3; summary: string | null } {
  const skipped = results.filter((result) => result.kind === "skipped").length;
  if (failed > 0) {
    const also = skipped > 0 ? `, ${skipped} skipped (counts kept, listed in the report)` : "";
    return { code: 1, summary: `${failed} channel(s) failed${also}` };
  }
  return skipped > 0 ? { code: 3, summary: null } : { code: 0, summary: null };
}

/** A progress bar per channel on a terminal; plain lines at every quarter otherwise (logs, CI). */
function createProgress(io: CliIo) {
  if (io.stderr.isTTY === true) {
    const bars = new cliProgress.MultiBar(
      {
        format: " {channel} [{bar}] {percentage}% | {messages} messages",
        hideCursor: true,
        clearOnComplete: false,
        stream: io.stderr as NodeJS.WriteStream,
      },
      cliProgress.Presets.shades_classic,
    );
    return {
      start(channel: string) {
        const bar = bars.create(100, 0, { channel, messages: 0 });
        return (ratio: number, messages: number) =>
          bar.update(Math.round(ratio * 100), messages >= 0 ? { messages } : {});
      },
      swapping: () => {},
      stop: () => bars.stop(),
    };
  }
  return {
    start(channel: string) {
      let lastQuarter = -1;
      return (ratio: number, messages: number) => {
        const quarter = Math.floor(ratio * 4);
        if (quarter === lastQuarter || messages < 0) return;
        lastQuarter = quarter;
        io.stderr.write(`recount: ${channel}: ${Math.round(ratio * 100)}% (${messages} messages)\n`);
      };
    },
    // Written from inside the swap's transaction: the recount crash test kills on this line.
    swapping: (channel: string) => io.stderr.write(`recount: ${channel}: swapping in the new count\n`),
    stop: () => {},
  };
}
