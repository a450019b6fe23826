import type { ChatInputCommandInteraction } from "discord.js";
import { MessageFlags } from "discord-api-types/v10";
import type { ChartRenderer } from "../charts/render/chart-renderer.js";
import { ChartQueueFullError } from "../charts/render/renderer-errors.js";
import type { Logger } from "../log.js";
import { ANSWERS, type BotAnswer } from "./answers/index.js";
import { BOT_TEXTS, type BotLocale, botLocale, fill } from "./bot-texts.js";
import type { Cooldown } from "./cooldown.js";
import { STATS_COMMAND } from "./stats-command.js";
import type { StatsHistory } from "./stats-history.js";
import { parseStatsRequest, type StatsInvocation, type StatsRequestError } from "./stats-request.js";

/** How an invocation ended, as discord_exporter_bot_commands_total{result} counts it. */
export type CommandResult = "ok" | "notice" | "cooldown" | "busy" | "invalid" | "error";

export interface BotMetrics {
  commandFinished(command: string, result: CommandResult, durationMs: number): void;
}

export interface StatsBotDeps {
  history: StatsHistory;
  renderer: ChartRenderer;
  cooldown: Cooldown;
  clock: () => number;
  log: Logger;
  metrics: BotMetrics;
  /** The configured guilds: the bot answers only for what the exporter counts. */
  guildIds: ReadonlySet<string>;
  /** Voice activity is recorded (VOICE_ACTIVITY): /stats voice answers. */
  voice: boolean;
  /** Called once a chart's PNG has been sent (or could not be): its copies are garbage now (gateway-features). */
  chartSent: () => void;
}

/** The parts of a discord.js interaction the bot uses, so that a test can tell what was sent when. */
type Interaction = Pick<
  ChatInputCommandInteraction,
  "commandName" | "guildId" | "locale" | "user" | "options" | "reply" | "deferReply" | "editReply" | "deleteReply"
> & { followUp: ChatInputCommandInteraction["followUp"] };

/**
 * Answers /stats: public replies (the point is that everyone sees them), notices and errors only to the asker. The
 * answer is worked out before anything is sent, so a notice can still be ephemeral; only a chart defers (Discord
 * wants an answer within 3 s, a chart takes ~100 ms to draw off the event loop, more under load). A failure here is
 * logged and counted, never thrown: the exporter keeps counting whatever the bot does.
 */
export function createStatsBot(deps: StatsBotDeps): { handle(interaction: Interaction): Promise<void> } {
  return {
    async handle(interaction) {
      if (interaction.commandName !== STATS_COMMAND) return;
      const started = deps.clock();
      const locale = botLocale(interaction.locale);
      const invocation = readInvocation(interaction);
      const command = `${STATS_COMMAND} ${invocation.subcommand ?? "?"}`;
      let result: CommandResult = "error";
      try {
        result = await answer(deps, interaction, invocation, locale);
      } catch (error) {
        deps.log.error({ err: error, command }, `answering /${command} failed`);
        await sendNotice(interaction, BOT_TEXTS[locale].failed).catch((reply: unknown) =>
          deps.log.warn({ err: reply, command }, "the failure notice could not be sent either"),
        );
      } finally {
        deps.metrics.commandFinished(command, result, deps.clock() - started);
      }
    },
  };
}

async function answer(
  deps: StatsBotDeps,
  interaction: Interaction,
  invocation: StatsInvocation,
  locale: BotLocale,
): Promise<CommandResult> {
  const texts = BOT_TEXTS[locale];
  const guildId = interaction.guildId;
  if (guildId === null || !deps.guildIds.has(guildId)) {
    await sendNotice(interaction, texts.unknownGuild);
    return "notice";
  }
  const parsed = parseStatsRequest(invocation);
  if (!parsed.ok) {
    await sendNotice(interaction, describeRequestError(parsed.error, locale));
    return "invalid";
  }
  const { request } = parsed;
  if (request.subcommand === "voice" && !deps.voice) {
    await sendNotice(interaction, texts.voice.off);
    return "notice";
  }
  const wait = deps.cooldown.take(interaction.user.id);
  if (wait !== null) {
    await sendNotice(interaction, fill(texts.cooldown, { seconds: wait }));
    return "cooldown";
  }
  const reply: BotAnswer = ANSWERS[request.subcommand]({
    history: deps.history,
    guildId,
    request,
    locale,
    now: deps.clock(),
  });
  if (reply.kind === "notice") {
    await sendNotice(interaction, reply.content);
    return "notice";
  }
  if (!reply.chart) {
    await interaction.reply({ content: reply.content, embeds: reply.embeds ?? [] });
    return "ok";
  }
  // Refused before the public "thinking…", so that the refusal can still be ephemeral.
  if (deps.renderer.status().queued >= MAX_WAITING_BEFORE_DEFER) {
    await sendNotice(interaction, fill(texts.busy, { seconds: 5 }));
    return "busy";
  }
  await interaction.deferReply();
  let png: Buffer;
  try {
    png = await deps.renderer.render(reply.chart.config);
  } catch (error) {
    const busy = error instanceof ChartQueueFullError;
    const text = busy ? fill(texts.busy, { seconds: error.retryAfterSeconds }) : texts.failed;
    if (!busy) deps.log.error({ err: error }, "rendering a chart failed");
    // The deferral was public: take it back and tell only the asker.
    await interaction.deleteReply().catch(() => {});
    await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
    return busy ? "busy" : "error";
  }
  try {
    await interaction.editReply({
      content: reply.content,
      embeds: reply.embeds ?? [],
      files: [{ attachment: png, name: reply.chart.fileName }],
    });
  } finally {
    deps.chartSent();
  }
  return "ok";
}

/** Charts waiting for the renderer beyond which a new one is refused at once rather than deferred. */
const MAX_WAITING_BEFORE_DEFER = 8;

function sendNotice(interaction: Interaction, content: string): Promise<unknown> {
  return interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

function readInvocation(interaction: Interaction): StatsInvocation {
  const subcommand = interaction.options.getSubcommand(false);
  const options = new Map<string, string | number | boolean>();
  const top = interaction.options.data[0];
  for (const option of top?.options ?? []) {
    if (option.value !== undefined) options.set(option.name, option.value);
  }
  return { subcommand, options };
}

function describeRequestError(error: StatsRequestError, locale: BotLocale): string {
  const texts = BOT_TEXTS[locale];
  if (error.kind === "unknown_subcommand") return texts.unknownCommand;
  return fill(texts.outOfRange, { option: error.option, min: error.min, max: error.max });
}
