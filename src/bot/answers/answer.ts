import type { APIEmbed } from "discord-api-types/v10";
import type { ChartConfig } from "../../charts/chart-config.js";
import { addUtcDays, formatUtcDay } from "../../history/utc-days.js";
import type { DayRange } from "../../charts/chart-data.js";
import { type BotLocale, type BotTexts, BOT_TEXTS } from "../bot-texts.js";
import { type LocaleFormat, localeFormat } from "../format.js";
import type { StatsRequest } from "../stats-request.js";
import type { StatsHistory } from "../stats-history.js";

/**
 * What the bot answers: a public reply (text, embeds, at most one chart to render), or a notice only the asker sees
 * (an error or a "not yet": nobody else needs to read it).
 */
export type BotAnswer =
  | { kind: "reply"; content: string; embeds?: APIEmbed[]; chart?: { config: ChartConfig; fileName: string } }
  | { kind: "notice"; content: string };

/** Everything an answer is built from; pure functions of it (the clock is a value here). */
export interface AnswerContext {
  history: StatsHistory;
  guildId: string;
  request: StatsRequest;
  locale: BotLocale;
  now: number;
}

export interface AnswerKit {
  texts: BotTexts;
  format: LocaleFormat;
  /** The last `days` UTC days, today included. */
  range: DayRange;
}

export function answerKit(context: AnswerContext): AnswerKit {
  const today = formatUtcDay(context.now);
  return {
    texts: BOT_TEXTS[context.locale],
    format: localeFormat(context.locale),
    range: { from: addUtcDays(today, -(context.request.days - 1)), to: today },
  };
}

export function notice(content: string): BotAnswer {
  return { kind: "notice", content };
}
