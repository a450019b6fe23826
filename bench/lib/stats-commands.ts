/** The /stats subcommands the bench fires, what each must answer when the history is there, and a burst of them. */
import type { FakeDiscord, World } from "../../fake-discord/index.js";
import { type CommandTiming, fireCommand } from "./interaction-timing.js";

export const SUBCOMMANDS = ["members", "channels", "activity", "summary", "voice"] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];
export const LOCALES = ["en-US", "ja"] as const;

/** What a subcommand answers once the history it draws is counted: a chart, or (summary) an embed. */
export const EXPECTED: Record<Subcommand, CommandTiming["kind"]> = {
  members: "chart",
  channels: "chart",
  activity: "chart",
  summary: "embed",
  voice: "chart",
};

/** One command from a new user (the per-user cooldown never answers), with the subcommand's default options. */
export function statsRequest(world: World, guildId: string, subcommand: Subcommand, locale: string, user: string) {
  return {
    name: `stats ${subcommand}`,
    locale,
    guildId,
    userId: world.addUser(guildId, { username: user }).id,
  };
}

/**
 * `size` commands fired at once, cycling through the subcommands, then the locales; resolves with every answer (or
 * its absence after `timeoutMs`, fireCommand's 30 s unless told).
 */
export function fireBurst(
  fake: FakeDiscord,
  world: World,
  guildId: string,
  size: number,
  userPrefix: string,
  timeoutMs?: number,
): Promise<CommandTiming[]> {
  const waits = Array.from({ length: size }, (_, i) => {
    const subcommand = SUBCOMMANDS[i % SUBCOMMANDS.length]!;
    const locale = LOCALES[Math.floor(i / SUBCOMMANDS.length) % LOCALES.length]!;
    const request = statsRequest(world, guildId, subcommand, locale, `${userPrefix}-${i}`);
    return fireCommand(fake, { ...request, timeoutMs });
  });
  return Promise.all(waits.map((wait) => wait()));
}

/** "48 × chart, 12 × embed, 2 × notice "…"" */
export function describeKinds(timings: readonly CommandTiming[]): string {
  const counts = new Map<string, number>();
  for (const t of timings) {
    const key = t.kind === "notice" ? `notice "${t.detail.slice(0, 60)}"` : t.kind;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([k, n]) => `${n} × ${k}`).join(", ");
}
