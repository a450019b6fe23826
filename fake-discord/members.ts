/**
 * Guild membership over time: when each member joined (a guild member's `joined_at`), and the log of joins
 * and leaves from which the ground truth per UTC day is computed. Pure: times are passed in.
 *
 * Users placed in a guild by `World.addUser` are members from the start (joined when the guild was created)
 * and are not in the log: they are the guild's state before the story begins.
 */

import { utcDay } from "./day-buckets.js";

export interface MemberEvent {
  readonly guildId: string;
  readonly userId: string;
  readonly bot: boolean;
  readonly kind: "join" | "leave";
  readonly atMs: number;
}

export interface JoinsAndLeaves {
  joins: number;
  leaves: number;
}

export interface MemberFlow {
  human: JoinsAndLeaves;
  bot: JoinsAndLeaves;
}

export class MemberLedger {
  private readonly joinedAt = new Map<string, number>();
  private readonly log: MemberEvent[] = [];

  /** A member since the guild's beginning (no event). */
  seed(guildId: string, userId: string, joinedAtMs: number): void {
    this.joinedAt.set(key(guildId, userId), joinedAtMs);
  }

  join(guildId: string, userId: string, bot: boolean, atMs: number): void {
    if (this.isMember(guildId, userId)) throw new Error(`user ${userId} is already a member of ${guildId}`);
    this.joinedAt.set(key(guildId, userId), atMs);
    this.log.push({ guildId, userId, bot, kind: "join", atMs });
  }

  leave(guildId: string, userId: string, bot: boolean, atMs: number): void {
    const since = this.joinedAt.get(key(guildId, userId));
    if (since === undefined) throw new Error(`user ${userId} is not a member of ${guildId}`);
    if (atMs < since) throw new RangeError(`user ${userId} cannot leave ${guildId} before joining it`);
    this.joinedAt.delete(key(guildId, userId));
    this.log.push({ guildId, userId, bot, kind: "leave", atMs });
  }

  isMember(guildId: string, userId: string): boolean {
    return this.joinedAt.has(key(guildId, userId));
  }

  joinedAtMs(guildId: string, userId: string): number | undefined {
    return this.joinedAt.get(key(guildId, userId));
  }

  events(): readonly MemberEvent[] {
    return this.log;
  }
}

/** Ground truth: joins and leaves per UTC day ("YYYY-MM-DD", ascending), humans and bots apart. */
export function memberFlowByDay(events: readonly MemberEvent[], guildId: string): Map<string, MemberFlow> {
  const out = new Map<string, MemberFlow>();
  for (const event of [...events].sort((a, b) => a.atMs - b.atMs)) {
    if (event.guildId !== guildId) continue;
    const day = utcDay(event.atMs);
    let flow = out.get(day);
    if (flow === undefined) {
      flow = { human: { joins: 0, leaves: 0 }, bot: { joins: 0, leaves: 0 } };
      out.set(day, flow);
    }
    const side = event.bot ? flow.bot : flow.human;
    if (event.kind === "join") side.joins++;
    else side.leaves++;
  }
  return out;
}

function key(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}
