/** Shared set-up for the fake Discord tests: a server over real HTTP and discord.js's REST client. */

import { REST, type RESTOptions, Routes } from "discord.js";
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "../../fake-discord/server.js";
import type { World } from "../../fake-discord/world.js";

export const TOKEN = "test-token-not-secret";
export const DAY = 86_400_000;

export interface Harness {
  fake: FakeDiscord;
  rest: REST;
}

export async function startHarness(
  world: World,
  options: Partial<FakeDiscordOptions> = {},
  restOptions: Partial<RESTOptions> = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(world, { token: TOKEN, ...options });
  // discord.js throttles itself to 50 requests/s; lifted here so paging tests don't sleep a second per 50.
  const rest = new REST({ api: fake.url, version: "10", retries: 0, globalRequestsPerSecond: 10_000, ...restOptions });
  rest.setToken(TOKEN);
  return { fake, rest };
}

export interface ApiMessage {
  id: string;
  channel_id: string;
  timestamp: string;
  author: { id: string; bot?: boolean };
}

export async function getMessages(
  rest: REST,
  channelId: string,
  query: Record<string, string> = {},
): Promise<ApiMessage[]> {
  return (await rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams(query) })) as ApiMessage[];
}

/** Compares snowflake strings numerically. */
export function byIdDescending(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x > y ? -1 : x < y ? 1 : 0;
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the request to fail");
}
