import type { Command } from "commander";
import type { CliIo } from "./io.js";

/**
 * One command of `discord-exporter`: its name and help, the options it declares, and what it does. A command never
 * exits the process: it returns its exit code (cli/main.ts is the one place that calls process.exit).
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Exit codes, for --help. */
  readonly exitCodes: string;
  readonly configure: (command: Command) => Command;
  readonly run: (options: Record<string, unknown>, io: CliIo) => Promise<number>;
}
