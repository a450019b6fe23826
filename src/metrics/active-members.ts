import { Gauge, type Registry } from "prom-client";
import type { ActiveMembersRow } from "../store/active-members-read.js";

export const ACTIVE_MEMBERS_METRIC = "discord_active_members";
export const ACTIVE_MEMBERS_HELP =
  "Distinct human authors in the guild's counted channels and threads over the last N UTC days including today (window 1d, 7d, 30d).";

/**
 * Registers discord_active_members{guild_id, window}. `read` is called on every collect; the gauge is reset first so
 * a guild that is gone from the database leaves the output.
 */
export function registerActiveMembersMetric(
  registry: Registry,
  read: () => readonly ActiveMembersRow[],
): Gauge<"guild_id" | "window"> {
  return new Gauge({
    name: ACTIVE_MEMBERS_METRIC,
    help: ACTIVE_MEMBERS_HELP,
    labelNames: ["guild_id", "window"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of read()) this.set({ guild_id: row.guildId, window: row.window }, row.count);
    },
  });
}
