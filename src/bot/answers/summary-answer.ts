import type { APIEmbed } from "discord-api-types/v10";
import { addUtcDays } from "../../history/utc-days.js";
import { fill } from "../bot-texts.js";
import { type AnswerContext, answerKit, type BotAnswer, notice } from "./answer.js";

const BLURPLE = 0x5865f2;

/** /stats summary: the guild's numbers at a glance, as one embed (no chart). */
export function answerSummary(context: AnswerContext): BotAnswer {
  const kit = answerKit(context);
  const { texts, format } = kit;
  const { history, guildId } = context;
  const guild = history.guild(guildId);
  if (guild === null) return notice(texts.unknownGuild);
  const today = kit.range.to;
  const month = { from: addUtcDays(today, -29), to: today };
  const days = history.messagesPerDay(guildId, month, null);
  const sumSince = (from: string) =>
    days.filter((day) => day.day >= from).reduce((sum, day) => sum + day.human + day.bot, 0);
  const active = history.activeMembers(guildId, today);
  const [busiest] = history.topChannels(guildId, month, 1);
  const coverage = history.coverage(guildId);
  const unknown = "?";
  const embed: APIEmbed = {
    title: fill(texts.summary.title, { guild: guild.name }),
    color: BLURPLE,
    fields: [
      {
        name: texts.summary.members,
        value: guild.members === null ? unknown : format.integer(guild.members),
        inline: true,
      },
      {
        name: texts.summary.online,
        value: guild.online === null ? unknown : format.integer(guild.online),
        inline: true,
      },
      {
        name: texts.summary.messages,
        value: fill(texts.summary.messagesValue, {
          today: format.integer(sumSince(today)),
          week: format.integer(sumSince(addUtcDays(today, -6))),
          month: format.integer(sumSince(month.from)),
        }),
      },
      {
        name: texts.summary.active,
        value: fill(texts.summary.activeValue, {
          d1: format.integer(active.d1),
          d7: format.integer(active.d7),
          d30: format.integer(active.d30),
        }),
      },
      {
        name: texts.summary.busiest,
        value: busiest
          ? fill(texts.summary.busiestValue, {
              name: `#${busiest.name || busiest.channelId}`,
              total: format.integer(busiest.human + busiest.bot),
            })
          : texts.summary.nobody,
      },
      {
        name: texts.summary.progress,
        value: coverage.done
          ? texts.summary.progressDone
          : fill(texts.summary.progressRunning, { percent: format.percent(Math.min(coverage.ratio, 0.999)) }),
      },
    ],
    footer: { text: texts.summary.footer },
    timestamp: new Date(context.now).toISOString(),
  };
  return { kind: "reply", content: "", embeds: [embed] };
}
