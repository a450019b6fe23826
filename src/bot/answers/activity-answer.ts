import { messagesChart } from "../../charts/messages-chart.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, answerKit, type BotAnswer, notice } from "./answer.js";
import { stillCounting } from "./coverage.js";

/** /stats activity: messages per day (people and bots) and people who posted, for the guild or one channel. */
export function answerActivity(context: AnswerContext): BotAnswer {
  const kit = answerKit(context);
  const { texts, format, range } = kit;
  const { history, guildId, request } = context;
  let channelName: string | null = null;
  if (request.channelId !== null) {
    const channel = history.channel(guildId, request.channelId);
    if (channel === null) return notice(texts.unknownChannel);
    if (!channel.counted) return notice(fill(texts.unreadableChannel, { state: channel.state }));
    channelName = `#${channel.name}`;
  }
  const pending = stillCounting(context, kit, range);
  if (pending) return pending;
  const days = history.messagesPerDay(guildId, range, request.channelId);
  const active = history.activePerDay(guildId, range, request.channelId);
  const human = days.reduce((sum, day) => sum + day.human, 0);
  const bot = days.reduce((sum, day) => sum + day.bot, 0);
  const dayCount = format.integer(request.days);
  if (human + bot === 0) return { kind: "reply", content: fill(texts.activity.none, { days: dayCount }) };
  const peak = days.reduce((best, day) => (day.human + day.bot > best.human + best.bot ? day : best));
  const values = {
    channel: channelName ?? "",
    days: dayCount,
    total: format.integer(human + bot),
    human: format.integer(human),
    bot: format.integer(bot),
    average: format.decimal((human + bot) / request.days, 1),
    peakDay: format.day(peak.day),
    peak: format.integer(peak.human + peak.bot),
  };
  const content = fill(channelName === null ? texts.activity.summary : texts.activity.summaryChannel, values);
  const guild = history.guild(guildId);
  const title = channelName ?? guild?.name;
  return {
    kind: "reply",
    content,
    chart: {
      config: messagesChart(
        { ...range, days, active },
        { locale: context.locale, theme: request.theme, context: title },
      ),
      fileName: "activity.png",
    },
  };
}
