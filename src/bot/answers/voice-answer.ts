import { voiceChart } from "../../charts/voice-chart.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, answerKit, type BotAnswer } from "./answer.js";

/** /stats voice: time spent in voice channels per day (people and bots) and the people who joined. */
export function answerVoice(context: AnswerContext): BotAnswer {
  const { texts, format, range } = answerKit(context);
  const { history, guildId, request } = context;
  const { days, people } = history.voicePerDay(guildId, range);
  const seconds = days.reduce((sum, day) => sum + day.humanSeconds + day.botSeconds, 0);
  const dayCount = format.integer(request.days);
  if (seconds === 0) return { kind: "reply", content: fill(texts.voice.none, { days: dayCount }) };
  const guild = history.guild(guildId);
  return {
    kind: "reply",
    content: fill(texts.voice.summary, {
      days: dayCount,
      hours: format.decimal(seconds / 3600, 1),
      people: format.integer(people),
    }),
    chart: {
      config: voiceChart({ ...range, days }, { locale: context.locale, theme: request.theme, context: guild?.name }),
      fileName: "voice.png",
    },
  };
}
