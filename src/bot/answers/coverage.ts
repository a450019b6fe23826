import type { DayRange } from "../../charts/chart-data.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, type AnswerKit, type BotAnswer, notice } from "./answer.js";

/**
 * Message numbers of a range are exact once every channel's first count reached back past the range's first day
 * (backfills go newest first, so recent ranges are exact early). Before that, a notice saying how far it is.
 */
export function stillCounting(context: AnswerContext, kit: AnswerKit, range: DayRange): BotAnswer | null {
  const coverage = context.history.coverage(context.guildId);
  if (coverage.done || (coverage.completeSince !== null && coverage.completeSince <= range.from)) return null;
  const percent = kit.format.percent(Math.min(coverage.ratio, 0.999));
  return notice(
    coverage.etaSeconds === null
      ? fill(kit.texts.stillCounting, { percent })
      : fill(kit.texts.stillCountingEta, { percent, eta: kit.format.duration(coverage.etaSeconds) }),
  );
}
