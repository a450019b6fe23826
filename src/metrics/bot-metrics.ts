import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export type BotCommandResult = "ok" | "notice" | "cooldown" | "busy" | "invalid" | "error";

export interface GatewayMetrics {
  setGatewayUp(up: boolean): void;
  commandFinished(command: string, result: BotCommandResult, durationMs: number): void;
  chartRenderFailed(kind: string): void;
  /** Changes whenever one of these changes: part of the render cache key. */
  generation(): number;
}

/** The gateway session's and the bot's own health (registered only when the gateway is used). */
export function createGatewayMetrics(registry: Registry, options: { bot: boolean }): GatewayMetrics {
  let generation = 0;
  const registers = [registry];
  const up = new Gauge({
    name: "discord_exporter_gateway_up",
    help: "1 while the gateway session is connected and identified, 0 while it is (re)connecting or refused.",
    registers,
  });
  up.set(0);
  const commands = options.bot
    ? new Counter({
        name: "discord_exporter_bot_commands_total",
        help: "Slash commands answered, by command and result (ok, notice, cooldown, busy, invalid, error).",
        labelNames: ["command", "result"] as const,
        registers,
      })
    : null;
  const duration = options.bot
    ? new Histogram({
        name: "discord_exporter_bot_command_duration_seconds",
        help: "Time from an interaction's arrival to its final answer, by command.",
        labelNames: ["command"] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
        registers,
      })
    : null;
  const renderFailures = options.bot
    ? new Counter({
        name: "discord_exporter_chart_render_failures_total",
        help: "Chart renders that failed, by kind (queue-full, render-failed, worker-crashed, timeout).",
        labelNames: ["kind"] as const,
        registers,
      })
    : null;
  return {
    generation: () => generation,
    setGatewayUp(value) {
      up.set(value ? 1 : 0);
      generation++;
    },
    commandFinished(command, result, durationMs) {
      commands?.inc({ command, result });
      duration?.observe({ command }, durationMs / 1000);
      generation++;
    },
    chartRenderFailed(kind) {
      renderFailures?.inc({ kind });
      generation++;
    },
  };
}
