// What the dashboard's status part shows about each guild and channel (built by landing-data.ts; drawn by
// dashboard/channels-table.ts and the pages).

export interface LandingChannel {
  id: string;
  name: string;
  type: string;
  state: string;
  messages: number;
  threadMessages: number;
  backfillPercent: number;
}

export interface LandingGuild {
  id: string;
  name: string;
  status: string;
  members: number | null;
  online: number | null;
  lastSuccessAt: number | null;
  channels: LandingChannel[];
}

export interface LandingData {
  version: string;
  guilds: LandingGuild[];
}
