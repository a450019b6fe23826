import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level: string;
  /** Values that must never be printed (the token): replaced wherever they appear in a log line. */
  secrets: readonly string[];
  destination?: DestinationStream;
}

/** Structured JSON logs on stdout; anything that looks like a secret is masked before it is written. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((secret) => secret.length >= 8);
  const mask = (text: string): string => secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
  const stream: DestinationStream = {
    write(line: string) {
      (options.destination ?? process.stdout).write(mask(line));
    },
  };
  return pino(
    {
      level: options.level,
      base: { name: "discord-exporter" },
      redact: {
        paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization"],
        censor: "[redacted]",
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}

export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
