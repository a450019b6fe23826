import { topChannelsChart } from "../../charts/top-channels-chart.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, answerKit, type BotAnswer } from "./answer.js";
import { stillCounting } from "./coverage.js";

/** Discord's limit for a message's content. */
const MAX_CONTENT = 2000;

/** /stats channels: the busiest channels of the period (threads under their parent), bars and a ranked list. */
export function answerChannels(context: AnswerContext): BotAnswer {
  const kit = answerKit(context);
  const { texts, format, range } = kit;
  const pending = stillCounting(context, kit, range);
  if (pending) return pending;
  const { history, guildId, request } = context;
  const channels = history.topChannels(guildId, range, request.limit);
  const days = format.integer(request.days);
  if (channels.length === 0) return { kind: "reply", content: fill(texts.channels.none, { days }) };
  const lines = [fill(texts.channels.summary, { days })];
  for (const [index, channel] of channels.entries()) {
    const line = fill(texts.channels.line, {
      rank: index + 1,
      name: channel.name || channel.channelId,
      total: format.integer(channel.human + channel.bot),
      human: format.integer(channel.human),
      bot: format.integer(channel.bot),
    });
    if ([...lines, line].join("\n").length > MAX_CONTENT) break;
    lines.push(line);
  }
  const guild = history.guild(guildId);
  return {
    kind: "reply",
    content: lines.join("\n"),
    chart: {
      config: topChannelsChart(
        { ...range, channels },
        { locale: context.locale, theme: request.theme, context: guild?.name, limit: request.limit },
      ),
      fileName: "channels.png",
    },
  };
}
