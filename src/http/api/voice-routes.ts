// GET /api/v1/guilds/{guildId}/voice/daily?from=&to=&channel=: time in voice per UTC day, people and bots apart, and
// the distinct people in voice; GET …/voice/channels/top?from=&to=&limit=: the voice channels people spent most time
// in. VOICE_ACTIVITY's tables, whatever the setting is now: history recorded before it was switched off stays.
import type { Hono } from "hono";
import { isVoiceType } from "../../discord/channel-kinds.js";
import type { TopVoiceChannelsAnswer, VoiceDailyAnswer } from "./answers.js";
import { type ApiDeps, answerJson, readDailyRequest } from "./api-context.js";
import { readTopListRequest } from "./top-channels-route.js";

export function registerVoiceRoutes(api: Hono, deps: ApiDeps): void {
  api.get("/guilds/:guildId/voice/daily", (c) => {
    const request = readDailyRequest(c, deps, (channel) =>
      isVoiceType(channel.type)
        ? null
        : `channel ${channel.id} is not a voice or stage channel: only those have voice time`,
    );
    if (!request.ok) return request.response;
    const { range, channelId } = request;
    const voice = deps.voice.voicePerDay(request.guild.id, range, channelId);
    return answerJson(c, {
      guild_id: request.guild.id,
      ...(channelId === undefined ? {} : { channel_id: channelId }),
      from: range.from,
      to: range.to,
      people: voice.people,
      days: voice.days.map((day) => ({
        day: day.day,
        human_seconds: day.humanSeconds,
        bot_seconds: day.botSeconds,
        people: day.people,
      })),
    } satisfies VoiceDailyAnswer);
  });

  api.get("/guilds/:guildId/voice/channels/top", (c) => {
    const request = readTopListRequest(c, deps);
    if (!request.ok) return request.response;
    const channels = deps.voice.topVoiceChannels(request.guild.id, request.range, request.limit);
    return answerJson(c, {
      guild_id: request.guild.id,
      from: request.range.from,
      to: request.range.to,
      channels: channels.map((channel) => ({
        channel_id: channel.channelId,
        name: deps.exportChannelNames ? channel.name : null,
        human_seconds: channel.humanSeconds,
        bot_seconds: channel.botSeconds,
        people: channel.people,
      })),
    } satisfies TopVoiceChannelsAnswer);
  });
}
