import { createBackfillJobs } from "../../src/counter/backfill-jobs.js";
import { createExclusionCheck } from "../../src/counter/exclusion.js";
import { createLimiter } from "../../src/counter/limiter.js";
import { lifecyclePolicy } from "../../src/counter/policy.js";
import { syncGuild } from "../../src/counter/sync-guild.js";
import { readChannel } from "../../src/store/channel-rows.js";
import { openTempStore } from "./temp-store.js";
import type { CounterOperation, SyncObserver } from "../../src/counter/observer.js";
import type { ChannelFailureKind } from "../../src/counter/channel-lifecycle.js";
import type { CounterDeps } from "../../src/counter/deps.js";
import { isThreadType } from "../../src/discord/channel-kinds.js";
import { DiscordRequestError } from "../../src/discord/errors.js";
import { snowflakeAt } from "../../src/discord/snowflake.js";
import type {
  ArchivedThreadPage,
  DiscordApi,
  ListedChannel,
  MessageCursor,
  MessagePresence,
  MessageSummary,
} from "../../src/discord/types.js";
import { createLogger } from "../../src/log.js";
import { createPageWriter } from "../../src/store/page-writes.js";
import type { Store } from "../../src/store/open.js";

/** A failure a test makes one endpoint of one channel answer. */
export type Fault = () => Error;

export interface MemoryChannel {
  listed: ListedChannel;
  /** Message ids, oldest first. */
  messages: string[];
  /** Without Read Message History: pages answer 200 [] and one message 403, as Discord does. */
  readable: boolean;
  /** Absent from the guild's channel list (hidden or deleted); fetchChannel still answers unless a fault says. */
  unlisted: boolean;
  /** The listed last_message_id, when a test wants it to differ from the newest message (malformed, say). */
  listedLastMessageId?: string;
  faults: Partial<Record<"pages" | "probe" | "channel" | "publicArchived" | "privateArchived", Fault>>;
}

export const forbidden: Fault = () =>
  new DiscordRequestError("forbidden", "Discord answered 403 Missing Access (code 50001)", 403, 50001);
export const serverError: Fault = () =>
  new DiscordRequestError("transient", "Discord answered 500 Internal Server Error", 500, null);
export const unauthorized: Fault = () => new DiscordRequestError("unauthorized", "Discord answered 401", 401, 0);

/**
 * Discord in memory, for unit tests of the counter's failure paths: channels with message ids, each endpoint able to
 * fail per channel. Pages are served newest first like Discord's; the end-to-end tests use the HTTP fake instead.
 */
export class MemoryDiscord implements DiscordApi {
  readonly channels = new Map<string, MemoryChannel>();
  readonly requests: string[] = [];
  private nextId: bigint;

  constructor(
    readonly guildId: string,
    private readonly startMs: number,
  ) {
    this.nextId = BigInt(snowflakeAt(startMs - 400 * 86_400_000));
  }

  addChannel(name: string, messages: number, spacingMs = 3_600_000): MemoryChannel {
    const id = this.id();
    const ids = Array.from({ length: messages }, (_, i) =>
      (BigInt(snowflakeAt(this.startMs - (messages - i) * spacingMs)) + BigInt(i % 7)).toString(),
    );
    const channel: MemoryChannel = {
      listed: {
        id,
        guildId: this.guildId,
        type: 0,
        name,
        position: this.channels.size,
        parentId: null,
        lastMessageId: null,
        archived: false,
        archiveTimestamp: null,
      },
      messages: ids,
      readable: true,
      unlisted: false,
      faults: {},
    };
    this.channels.set(id, channel);
    return channel;
  }

  /** A new message in the channel, at `atMs`. */
  post(channel: MemoryChannel, atMs: number): string {
    const id = snowflakeAt(atMs);
    channel.messages.push(id);
    return id;
  }

  async fetchBotUser() {
    return { id: "1", username: "bot" };
  }

  async fetchGuild(guildId: string) {
    this.requests.push(`guild ${guildId}`);
    return { id: guildId, name: "memory", memberCount: 3, presenceCount: 1 };
  }

  async fetchGuildChannels(_guildId: string): Promise<ListedChannel[]> {
    return this.listed().filter((c) => !isThreadType(c.type));
  }

  async fetchChannel(channelId: string): Promise<ListedChannel> {
    this.requests.push(`channel ${channelId}`);
    const channel = this.channel(channelId);
    this.fail(channel, "channel");
    return this.listing(channel);
  }

  async fetchActiveThreads(): Promise<ListedChannel[]> {
    return this.listed().filter((c) => isThreadType(c.type));
  }

  /** A public thread of `parent`, listed among the active threads. */
  addThread(parent: MemoryChannel, name: string, messages: number): MemoryChannel {
    const thread = this.addChannel(name, messages);
    thread.listed = { ...thread.listed, type: 11, parentId: parent.listed.id };
    return thread;
  }

  async fetchArchivedThreads(channelId: string, visibility: "public" | "private"): Promise<ArchivedThreadPage> {
    this.requests.push(`archived ${visibility} ${channelId}`);
    this.fail(this.channel(channelId), visibility === "public" ? "publicArchived" : "privateArchived");
    return { threads: [], hasMore: false };
  }

  async fetchMessagePage(channelId: string, cursor: MessageCursor, limit = 100): Promise<MessageSummary[]> {
    this.requests.push(`page ${channelId} ${JSON.stringify(cursor)}`);
    const channel = this.channel(channelId);
    this.fail(channel, "pages");
    if (!channel.readable) return [];
    const ids = channel.messages.map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let window: bigint[];
    if ("after" in cursor) window = ids.filter((id) => id > BigInt(cursor.after)).slice(0, limit);
    else if (cursor.before) window = ids.filter((id) => id < BigInt(cursor.before as string)).slice(-limit);
    else window = ids.slice(-limit);
    return window
      .reverse()
      .map((id) => ({ id: id.toString(), authorId: String(800000000000000000n + (id % 3n)), bot: id % 5n === 0n }));
  }

  async probeMessage(channelId: string, messageId: string): Promise<MessagePresence> {
    this.requests.push(`probe ${channelId} ${messageId}`);
    const channel = this.channel(channelId);
    this.fail(channel, "probe");
    if (!channel.readable) throw forbidden();
    return channel.messages.includes(messageId) ? "present" : "absent";
  }

  private listed(): ListedChannel[] {
    return [...this.channels.values()].filter((c) => !c.unlisted).map((c) => this.listing(c));
  }

  private listing(channel: MemoryChannel): ListedChannel {
    return { ...channel.listed, lastMessageId: channel.listedLastMessageId ?? channel.messages.at(-1) ?? null };
  }

  private channel(id: string): MemoryChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new DiscordRequestError("not_found", `Discord answered 404 Unknown Channel ${id}`, 404, 10003);
    return channel;
  }

  private fail(channel: MemoryChannel, endpoint: keyof MemoryChannel["faults"]): void {
    const fault = channel.faults[endpoint];
    if (fault) throw fault();
  }

  private id(): string {
    this.nextId += 1n << 22n;
    return this.nextId.toString();
  }
}

/** An observer that keeps what it was told, for exact assertions. */
export function recordingObserver() {
  const channelFailures: Array<[string, ChannelFailureKind]> = [];
  const operationFailures: Array<[CounterOperation, ChannelFailureKind]> = [];
  const syncs: Array<{ guildId: string; ok: boolean }> = [];
  const observer: SyncObserver = {
    syncFinished: (guildId, _ms, ok) => void syncs.push({ guildId, ok }),
    pageCounted() {},
    channelFailed: (channelId, kind) => void channelFailures.push([channelId, kind]),
    operationFailed: (operation, kind) => void operationFailures.push([operation, kind]),
  };
  return { observer, channelFailures, operationFailures, syncs };
}

/** The exporter's policy at the default FORBIDDEN_RETRY_INTERVAL (6 h): blocked channels in 6 h, other failures in 1 h. */
export const TEST_POLICY = lifecyclePolicy({ forbiddenRetryMs: 6 * 3_600_000 });

/** The counter's edges around a real store and Discord in memory; logs kept as parsed lines. */
export function memoryCounterDeps(store: Store, api: DiscordApi, clock: () => number) {
  const recorded = recordingObserver();
  const logLines: Array<{ level: number; msg: string }> = [];
  const log = createLogger({
    level: "debug",
    secrets: [],
    destination: { write: (line: string) => void logLines.push(JSON.parse(line)) },
  });
  const deps: CounterDeps = {
    api,
    store,
    writer: createPageWriter(store),
    limiter: createLimiter(4),
    clock,
    log,
    observer: recorded.observer,
    policy: TEST_POLICY,
  };
  return { deps, logLines, ...recorded };
}

/**
 * A guild in memory around a real store: sync() runs one poll of it and waits for its backfills. The caller passes
 * cleanup() to its afterEach.
 */
export function memoryGuild(guildId: string, startMs: number) {
  const temp = openTempStore();
  let now = startMs;
  const discord = new MemoryDiscord(guildId, startMs);
  const counter = memoryCounterDeps(temp.store, discord, () => now);
  const backfills = createBackfillJobs(counter.deps.log, (error) => {
    throw error;
  });
  const isExcluded = createExclusionCheck([]);
  const signal = new AbortController().signal;
  return {
    temp,
    discord,
    counter,
    backfills,
    isExcluded,
    signal,
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    async sync() {
      const result = await syncGuild(counter.deps, guildId, { isExcluded, backfills, signal });
      await backfills.idle();
      return result;
    },
    total(channel: MemoryChannel): number | null {
      const row = readChannel(temp.store, channel.listed.id);
      return row ? row.humanMessages + row.botMessages : null;
    },
    /** Makes SQLite refuse any failure state written for this channel: recording the failure itself throws. */
    refuseFailureWrites(channel: MemoryChannel) {
      temp.store.sqlite.exec(`CREATE TRIGGER refuse_${channel.listed.id} BEFORE UPDATE OF last_error ON channels
        WHEN NEW.id = '${channel.listed.id}' AND NEW.last_error IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END`);
    },
    async cleanup() {
      await backfills.stop();
      temp.cleanup();
    },
  };
}
