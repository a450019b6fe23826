import type { Config } from "../config/index.js";
import { createLogger, type Logger } from "../log.js";
import type { CliIo } from "./io.js";

/**
 * JSON lines for log collectors (production, Docker); readable lines on a terminal (`npm run demo`, a TTY), or as
 * LOG_FORMAT says. pino-pretty is loaded only then: JSON logging pays nothing for it.
 */
export async function createCliLogger(
  config: Pick<Config, "logLevel" | "logFormat" | "token">,
  io: Pick<CliIo, "stdout">,
): Promise<Logger> {
  const pretty = config.logFormat === "pretty" || (config.logFormat === "auto" && io.stdout.isTTY === true);
  if (!pretty) return createLogger({ level: config.logLevel, secrets: [config.token], destination: io.stdout });
  const { default: prettyStream } = await import("pino-pretty");
  const destination = prettyStream({
    colorize: io.stdout.isTTY === true,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,name",
    destination: io.stdout,
    sync: true,
  });
  // The secrets are masked in the JSON line, before pino-pretty sees it.
  return createLogger({ level: config.logLevel, secrets: [config.token], destination });
}
