#!/usr/bin/env node
// The `discord-exporter` command (package.json "bin"); `npm start` and the Docker image run `serve` through it.
// The only place that ends the process: every command returns its exit code.
import { exitWhenFlushed } from "./exit.js";
import { processIo } from "./io.js";
import { runCli } from "./run-cli.js";

runCli(process.argv.slice(2), processIo()).then(exitWhenFlushed, (error: unknown) => {
  process.stderr.write(`discord-exporter: ${error instanceof Error ? error.message : String(error)}\n`);
  exitWhenFlushed(1);
});
