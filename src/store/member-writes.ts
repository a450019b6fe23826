import type { Store } from "./open.js";

export interface MemberFlowEvent {
  guildId: string;
  day: string;
  kind: "join" | "leave";
  bot: boolean;
}

export function addMemberFlow(store: Store, event: MemberFlowEvent): void {
  const column = `${event.bot ? "bot" : "human"}_${event.kind === "join" ? "joins" : "leaves"}`;
  store.sqlite
    .prepare(
      `INSERT INTO member_flow_daily (guild_id, day, ${column}) VALUES (?, ?, 1)
       ON CONFLICT (guild_id, day) DO UPDATE SET ${column} = ${column} + 1`,
    )
    .run(event.guildId, event.day);
  store.noteWrite();
}
