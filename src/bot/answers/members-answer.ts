import { membersChart } from "../../charts/members-chart.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, answerKit, type BotAnswer, notice } from "./answer.js";

const DAY_MS = 86_400_000;

/** /stats members: the member samples of the period as a line chart, and one line saying what they mean. */
export function answerMembers(context: AnswerContext): BotAnswer {
  const { texts, format } = answerKit(context);
  const { history, guildId, request, now } = context;
  const points = history.memberPoints(guildId, now - request.days * DAY_MS, now);
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return notice(texts.members.noSamples);
  const change = last.members - first.members;
  const peak = points.reduce((max, point) => Math.max(max, point.online ?? 0), 0);
  const content = fill(texts.members.summary, {
    members: format.integer(last.members),
    days: format.integer(request.days),
    change: format.signed(change),
    percent: format.percent(first.members === 0 ? 0 : change / first.members, true),
    peak: format.integer(peak),
  });
  const guild = history.guild(guildId);
  return {
    kind: "reply",
    content,
    chart: {
      config: membersChart({ points }, { locale: context.locale, theme: request.theme, context: guild?.name }),
      fileName: "members.png",
    },
  };
}
