/** Counts per UTC day, people and bots apart. */
export interface DayTally {
  human: number;
  bot: number;
}

/** What one page of messages (or a whole recount) adds to a channel: the unit every count write takes. */
export interface PageTally {
  human: number;
  bot: number;
  newestId: string | null;
  oldestId: string | null;
  days: Map<string, DayTally>;
  /** Distinct human authors per UTC day: active-member history without storing anything but ids. */
  authorsByDay: Map<string, Set<string>>;
}
