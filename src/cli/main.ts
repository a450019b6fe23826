#!/usr/bin/env node
// The `discord-exporter` command (package.json "bin"); `npm start` and the Docker image run `serve` through it.
// The only place that ends the process: every command returns its exit code.
import { processIo } from "./io.js";
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2), processIo()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`discord-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
