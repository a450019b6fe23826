import { Command, CommanderError } from "commander";
import { readPackageVersion } from "../version.js";
import { COMMANDS, DEFAULT_COMMAND } from "./commands.js";
import type { CliIo } from "./io.js";

/**
 * Parses the arguments, runs the command and returns its exit code. Usage errors are commander's one line and exit
 * code 2; --help is exit code 0.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Set by the action of the command commander picked.
  const chosen: { run: (() => Promise<number>) | null } = { run: null };
  const program = new Command("discord-exporter")
    .description("Discord community statistics for Prometheus, counted incrementally into SQLite.")
    .version(readPackageVersion(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showSuggestionAfterError();
  for (const spec of COMMANDS) {
    const command = spec
      .configure(program.command(spec.name).description(spec.summary))
      .addHelpText("after", `\nExit codes: ${spec.exitCodes}`);
    command.action(() => {
      chosen.run = () => spec.run(command.opts(), io);
    });
  }
  // No command means serve (the Docker image's and npm start's case); an unknown word stays an error with a hint,
  // which a commander default command would swallow as an argument of serve.
  const args = argv.length === 0 ? [DEFAULT_COMMAND.name] : [...argv];
  try {
    program.parse(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return chosen.run === null ? 0 : chosen.run();
}
