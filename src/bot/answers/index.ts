import type { StatsSubcommand } from "../stats-command.js";
import { answerActivity } from "./activity-answer.js";
import type { AnswerContext, BotAnswer } from "./answer.js";
import { answerChannels } from "./channels-answer.js";
import { answerMembers } from "./members-answer.js";
import { answerSummary } from "./summary-answer.js";
import { answerVoice } from "./voice-answer.js";

export type { AnswerContext, BotAnswer } from "./answer.js";

/** One answer per subcommand: what to say and what to draw, from the history alone. */
export const ANSWERS: Readonly<Record<StatsSubcommand, (context: AnswerContext) => BotAnswer>> = {
  members: answerMembers,
  channels: answerChannels,
  activity: answerActivity,
  summary: answerSummary,
  voice: answerVoice,
};
