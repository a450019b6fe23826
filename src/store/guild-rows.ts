import { eq } from "drizzle-orm";
import type { Store } from "./open.js";
import { guilds, memberSamples } from "./schema.js";

export interface GuildSnapshot {
  id: string;
  name: string;
  memberCount: number | null;
  presenceCount: number | null;
}

/** Records a successful guild fetch and its member sample in one transaction. */
export function applyGuildSnapshot(store: Store, guild: GuildSnapshot, now: number): void {
  store.db.transaction((tx) => {
    tx.insert(guilds)
      .values({ ...guild, status: "ok", lastSyncAt: now })
      .onConflictDoUpdate({
        target: guilds.id,
        set: {
          name: guild.name,
          memberCount: guild.memberCount,
          presenceCount: guild.presenceCount,
          status: "ok",
          lastSyncAt: now,
        },
      })
      .run();
    if (guild.memberCount !== null) {
      tx.insert(memberSamples)
        .values({ guildId: guild.id, sampledAt: now, members: guild.memberCount, online: guild.presenceCount ?? 0 })
        .onConflictDoNothing()
        .run();
    }
  });
  store.noteWrite();
}

/** The guild is unreachable (bot removed, guild gone): keep its last values, mark it down. */
export function markGuildDown(store: Store, guildId: string, now: number): void {
  store.db
    .insert(guilds)
    .values({ id: guildId, status: "down", lastSyncAt: now })
    .onConflictDoUpdate({ target: guilds.id, set: { status: "down", lastSyncAt: now } })
    .run();
  store.noteWrite();
}

export function markGuildSynced(store: Store, guildId: string, now: number): void {
  store.db.update(guilds).set({ lastSuccessAt: now }).where(eq(guilds.id, guildId)).run();
  store.noteWrite();
}
