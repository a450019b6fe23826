/** Messages between the exporter and its render worker. */
export interface StoreRenderOptions {
  databasePath: string;
  exportChannelNames: boolean;
  legacyMetrics: boolean;
  /** VOICE_ACTIVITY and MEMBER_EVENTS: their families are rendered only when on. */
  voice: boolean;
  memberEvents: boolean;
}

export interface RenderRequest {
  id: number;
  /** UTC day (YYYY-MM-DD) by the exporter's clock: the active-member windows end on it. */
  today: string;
}

export type RenderResponse = { id: number; text: string } | { id: number; error: string };
