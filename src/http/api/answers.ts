// The JSON API's answers, field by field (snake_case, as documented in the README). The routes build these and the
// browser's client reads them, so both sides are held to one shape by the compiler. Types only.

export interface ApiError {
  error: string;
}

export interface GuildsAnswer {
  guilds: {
    guild_id: string;
    name: string;
    members: number | null;
    online: number | null;
    /** ok | down */
    status: string;
    /** ISO time */
    last_success_at: string | null;
    /** The first UTC day with a counted message or a member sample. */
    first_day: string | null;
  }[];
}

interface RangeAnswer {
  guild_id: string;
  from: string;
  to: string;
}

export interface MembersAnswer extends RangeAnswer {
  /** online is null where Discord reported no presence count. */
  samples: { time: string; members: number; online: number | null }[];
}

export interface MessagesDailyAnswer extends RangeAnswer {
  channel_id?: string;
  days: { day: string; human: number; bot: number }[];
}

export interface ActiveMembersDailyAnswer extends RangeAnswer {
  days: { day: string; d1: number; d7: number; d30: number }[];
}

export interface TopChannelsAnswer extends RangeAnswer {
  /** name is null when EXPORT_CHANNEL_NAMES=false. */
  channels: { channel_id: string; name: string | null; human: number; bot: number }[];
}

export interface ChannelSourcesDailyAnswer extends RangeAnswer {
  channel_id: string;
  days: { day: string; channel: number; threads: number }[];
}

export interface VoiceDailyAnswer extends RangeAnswer {
  channel_id?: string;
  /** Distinct people in voice over the whole range (someone there on several days counts once). */
  people: number;
  /** Seconds to the millisecond; people: distinct people (not bots) in voice that day, however briefly. */
  days: { day: string; human_seconds: number; bot_seconds: number; people: number }[];
}

export interface TopVoiceChannelsAnswer extends RangeAnswer {
  /** name is null when EXPORT_CHANNEL_NAMES=false; people: distinct people in the channel over the range. */
  channels: { channel_id: string; name: string | null; human_seconds: number; bot_seconds: number; people: number }[];
}
