import { type Command, CommanderError } from "commander";

/**
 * Parses a CLI's arguments; commander has already printed help or the one-line usage error when this returns an
 * exit code (0 after --help, 2 for bad usage).
 */
export function parseArgs(program: Command, argv: readonly string[]): { ok: true } | { ok: false; exitCode: number } {
  program.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(text) });
  try {
    program.parse([...argv], { from: "user" });
    return { ok: true };
  } catch (error) {
    if (error instanceof CommanderError) return { ok: false, exitCode: error.exitCode === 0 ? 0 : 2 };
    throw error;
  }
}
