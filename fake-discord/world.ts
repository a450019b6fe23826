/**
 * The fake's in-memory Discord: guilds, channels, threads, users and messages. It is the ground truth the
 * tests compare the exporter against, so every rule Discord follows that an exporter could trip on is
 * kept here (ids strictly increasing, last_message_id surviving deletion, threads in their own stores…).
 */

import { dayRanges } from "./day-buckets.js";
import { EntityIds } from "./entity-ids.js";
import { type MemberFlow, MemberLedger, memberFlowByDay } from "./members.js";
import { type IndexRange, MessageStore, type PageQuery } from "./message-store.js";
import { mulberry32, type Rng } from "./rng.js";
import { timeFromSnowflake, WORKER_COUNT } from "./snowflake.js";
import { UserTable } from "./user-table.js";
import {
  type VoiceFlags,
  VoiceLedger,
  type VoicePeople,
  type VoiceSeconds,
  type VoiceStateRecord,
  type VoiceTransition,
  voicePeopleByDay,
  voiceSecondsByDay,
} from "./voice-state.js";
import type { WorldChange, WorldListener } from "./world-events.js";
import {
  type ChannelRecord,
  type ChannelView,
  type DayCount,
  type GuildAccess,
  type GuildChannelType,
  type GuildRecord,
  type GuildView,
  MESSAGE_CHANNEL_TYPES,
  type MessageView,
  THREAD_ONLY_CHANNEL_TYPES,
  type ThreadType,
  type UserRecord,
} from "./world-types.js";

export interface WorldOptions {
  /** The world's clock (ms); defaults to Date.now. Used for "now" messages, archive times, new threads. */
  now?: () => number;
  /** Seed for all generated data (authors, timestamps); same seed and same calls give the same world. */
  seed?: number;
}

export interface AddGuildOptions {
  id?: string;
  name: string;
  memberCount?: number;
  presenceCount?: number;
  /** Default "en-US". */
  preferredLocale?: string;
  /** Whether the app may register commands here (the `applications.commands` scope); default true. */
  applicationCommandsScope?: boolean;
}

export interface AddChannelOptions {
  id?: string;
  name: string;
  type: GuildChannelType;
  parentId?: string | null;
  position?: number;
  canView?: boolean;
  canReadHistory?: boolean;
  canManageThreads?: boolean;
  canConnect?: boolean;
  /** Creation time, used for the id when none is given; default 2015-07-01 (before any test data). */
  createdAtMs?: number;
}

export interface AddThreadOptions {
  id?: string;
  name: string;
  type: ThreadType;
  archived?: boolean;
  /** ms; default: the creation time, or the clock's now when created archived. */
  archiveTimestamp?: number;
  /** Default: true for private threads (else the bot could not see them), false otherwise. */
  botIsMember?: boolean;
  /** Start the thread from this message of the parent: the thread takes the message's id. */
  fromMessageId?: string;
  /** Creation time; default the clock's now (or the starter message's time). Messages come after it. */
  createdAtMs?: number;
  /** A user id of the guild; default a random human of the guild. */
  ownerId?: string;
  locked?: boolean;
}

export interface AddMessagesOptions {
  fromMs: number;
  toMs: number;
  /** Probability that a message is from a bot (0..1). */
  botRatio?: number;
  /** Distinct human authors (the guild's first N humans, created as needed) or explicit user ids. */
  authors?: number | readonly string[];
  /** Distinct bot authors, as for `authors`; default 3. */
  botAuthors?: number | readonly string[];
}

export type AddMessagesNowOptions = Omit<AddMessagesOptions, "fromMs" | "toMs">;

export interface AddedMessages {
  count: number;
  firstId: string | null;
  lastId: string | null;
}

export interface DeleteMessagesOptions {
  /**
   * How Discord reports the deletion. "auto" (default) is what a moderator's tools produce: one message →
   * MESSAGE_DELETE; 2 or more, all younger than 14 days → MESSAGE_DELETE_BULK per 100 (the bulk-delete endpoint
   * refuses older messages, so those are deleted, and reported, one by one).
   */
  as?: "auto" | "single" | "bulk";
}

/** When a change happens; default the clock's now. A time before now is history: no gateway event. */
export interface AtOption {
  atMs?: number;
}

export interface JoinMemberOptions extends AtOption {
  userId?: string;
  username?: string;
  bot?: boolean;
}

export type VoiceOptions = AtOption & VoiceFlags;

export interface PermissionChange {
  canView?: boolean;
  canReadHistory?: boolean;
  canManageThreads?: boolean;
  canConnect?: boolean;
}

/** Discord's thread counters, computed the way Discord reports them. */
export interface ThreadCounts {
  messageCount: number;
  totalMessageSent: number;
  memberCount: number;
}

/** Auto-generated guild/channel/user ids are placed here, before any realistic message history. */
const DEFAULT_ENTITY_TIME_MS = Date.UTC(2015, 6, 1);
/** The bulk-delete endpoint refuses messages older than two weeks. */
const BULK_DELETE_MAX_AGE_MS = 14 * 86_400_000;
/** Discord's thread counters stop being accurate at 50 for threads created before this date. */
const THREAD_COUNTER_CUTOFF_MS = Date.UTC(2022, 6, 1);
const THREAD_COUNTER_CAP = 50;

export class World {
  readonly now: () => number;
  readonly seed: number;
  readonly botUser: UserRecord;
  private readonly rng: Rng;
  private readonly guildMap = new Map<string, GuildRecord>();
  private readonly channelMap = new Map<string, ChannelRecord>();
  private readonly stores = new Map<string, MessageStore>();
  private readonly users = new UserTable();
  private readonly ids = new EntityIds();
  private readonly members = new MemberLedger();
  private readonly voice: VoiceLedger;
  private readonly listeners = new Set<WorldListener>();
  private storeCount = 0;

  constructor(options: WorldOptions = {}) {
    this.now = options.now ?? Date.now;
    this.seed = options.seed ?? 1;
    this.rng = mulberry32(this.seed);
    this.botUser = this.users.at(this.createUser("Exporter", true));
    this.voice = new VoiceLedger(() => this.randomHex(32));
  }

  /** The application's id: the same as its bot user's id, as for every app created since 2016. */
  get applicationId(): string {
    return this.botUser.id;
  }

  /** Be told of every change (the gateway listens here). Returns the unsubscribe function. */
  subscribe(listener: WorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh unique snowflake for an object the fake creates (commands, interactions); default at now. */
  allocateId(atMs: number = this.now()): string {
    return this.ids.claim(undefined, atMs);
  }

  /** Lowercase hex from the world's PRNG (voice session ids, tokens of the demo). */
  randomHex(length: number): string {
    let out = "";
    while (out.length < length)
      out += Math.floor(this.rng() * 0x100000000)
        .toString(16)
        .padStart(8, "0");
    return out.slice(0, length);
  }

  // ---------------------------------------------------------------- guilds

  addGuild(options: AddGuildOptions): GuildView {
    const id = this.ids.claim(options.id, DEFAULT_ENTITY_TIME_MS);
    const owner = this.createUser(`${options.name.toLowerCase().replace(/\W+/g, "")}_owner`, false);
    const guild: GuildRecord = {
      id,
      name: options.name,
      memberCount: options.memberCount ?? 100,
      presenceCount: options.presenceCount ?? 10,
      access: "member",
      ownerId: this.users.at(owner).id,
      preferredLocale: options.preferredLocale ?? "en-US",
      commandsScope: options.applicationCommandsScope ?? true,
      channelIds: [],
      humanPool: [owner],
      botPool: [],
    };
    this.guildMap.set(id, guild);
    this.members.seed(id, guild.ownerId, timeFromSnowflake(id));
    this.members.seed(id, this.botUser.id, timeFromSnowflake(id));
    this.emit({ kind: "guildAvailable", guildId: id });
    return guild;
  }

  /** Grants or revokes the `applications.commands` scope in a guild. */
  setCommandsScope(guildId: string, granted: boolean): void {
    this.requireGuild(guildId).commandsScope = granted;
  }

  setMemberCounts(guildId: string, members: number, online: number): void {
    const guild = this.requireGuild(guildId);
    guild.memberCount = members;
    guild.presenceCount = online;
  }

  /** The bot loses the guild: "kicked" (guild still exists) or "deleted". Data stays for ground truth. */
  removeGuild(guildId: string, mode: Exclude<GuildAccess, "member"> = "kicked"): void {
    const guild = this.requireGuild(guildId);
    const was = guild.access;
    guild.access = mode;
    if (was === "member") this.emit({ kind: "guildRemoved", guildId });
  }

  /** The bot is back in a guild it was kicked from. */
  restoreGuild(guildId: string): void {
    const guild = this.requireGuild(guildId);
    const was = guild.access;
    guild.access = "member";
    if (was !== "member") this.emit({ kind: "guildAvailable", guildId });
  }

  guild(guildId: string): GuildView | undefined {
    return this.guildMap.get(guildId);
  }

  /** All guilds, whatever the bot's access. */
  guilds(): GuildView[] {
    return [...this.guildMap.values()];
  }

  // ---------------------------------------------------------------- users

  /** Adds a user to the guild's human or bot author pool (pools are what `addMessages` draws from). */
  addUser(guildId: string, options: { id?: string; username?: string; bot?: boolean } = {}): UserRecord {
    const guild = this.requireGuild(guildId);
    const bot = options.bot ?? false;
    const pool = bot ? guild.botPool : guild.humanPool;
    const index = this.createUser(options.username ?? `${bot ? "bot" : "user"}${pool.length}`, bot, options.id);
    pool.push(index);
    const user = this.users.at(index);
    this.members.seed(guild.id, user.id, timeFromSnowflake(guild.id));
    return user;
  }

  user(userId: string): UserRecord | undefined {
    return this.users.byId(userId);
  }

  // ---------------------------------------------------------------- members joining and leaving

  /**
   * A user joins the guild (a new user, or an existing one given by id): GUILD_MEMBER_ADD, member_count + 1,
   * and the join counted in `memberFlowByDay`. Humans join the pool that messages draw authors from.
   */
  joinMember(guildId: string, options: JoinMemberOptions = {}): UserRecord {
    const guild = this.requireGuild(guildId);
    const { atMs, live } = this.moment(options.atMs);
    let index: number;
    if (options.userId !== undefined && this.users.byId(options.userId) !== undefined) {
      index = this.users.requireIndex(options.userId);
    } else {
      const bot = options.bot ?? false;
      const name = options.username ?? `${bot ? "bot" : "user"}${(bot ? guild.botPool : guild.humanPool).length}`;
      index = this.createUser(name, bot, options.userId);
    }
    const user = this.users.at(index);
    this.members.join(guild.id, user.id, user.bot, atMs);
    (user.bot ? guild.botPool : guild.humanPool).push(index);
    guild.memberCount++;
    if (live) this.emit({ kind: "memberAdded", guildId, userId: user.id });
    return user;
  }

  /**
   * A member leaves (or is kicked): out of voice first, then GUILD_MEMBER_REMOVE, member_count - 1, and no
   * longer drawn as an author. Their old messages stay, as on Discord.
   */
  leaveMember(guildId: string, userId: string, options: AtOption = {}): void {
    const guild = this.requireGuild(guildId);
    if (userId === guild.ownerId) throw new Error("the owner cannot leave their guild");
    if (userId === this.botUser.id) throw new Error("use removeGuild for the bot leaving");
    const { atMs, live } = this.moment(options.atMs);
    const index = this.users.requireIndex(userId);
    if (this.voice.stateOf(userId)?.guildId === guildId) this.leaveVoice(userId, options);
    this.members.leave(guild.id, userId, this.users.at(index).bot, atMs);
    for (const pool of [guild.humanPool, guild.botPool]) {
      const at = pool.indexOf(index);
      if (at >= 0) pool.splice(at, 1);
    }
    guild.memberCount = Math.max(0, guild.memberCount - 1);
    if (live) this.emit({ kind: "memberRemoved", guildId, userId });
  }

  /** Ids of the guild's human members (the pool messages draw authors from), oldest first. */
  guildHumans(guildId: string): string[] {
    return this.requireGuild(guildId).humanPool.map((i) => this.users.at(i).id);
  }

  isMember(guildId: string, userId: string): boolean {
    return this.members.isMember(guildId, userId);
  }

  /** A member's `joined_at` (ms); members placed by addUser joined when the guild was created. */
  memberJoinedAt(guildId: string, userId: string): number | undefined {
    return this.members.joinedAtMs(guildId, userId);
  }

  /** Ground truth: joins and leaves per UTC day, humans and bots apart (addUser's members are not joins). */
  memberFlowByDay(guildId: string): Map<string, MemberFlow> {
    return memberFlowByDay(this.members.events(), this.requireGuild(guildId).id);
  }

  // ---------------------------------------------------------------- voice

  /**
   * A member connects to a voice or stage channel (or moves there from another one): VOICE_STATE_UPDATE.
   * Connecting somewhere else first disconnects them: one voice connection per user. Stage audiences are
   * suppressed unless `suppress: false`.
   */
  joinVoice(channelId: string, userId: string, options: VoiceOptions = {}): VoiceStateRecord {
    const channel = this.requireChannel(channelId);
    if (channel.deleted || (channel.type !== 2 && channel.type !== 13)) {
      throw new Error(`channel ${channelId} is not a voice or stage channel`);
    }
    if (!this.members.isMember(channel.guildId, userId)) throw new Error(`${userId} is not a member of the guild`);
    const user = this.users.at(this.users.requireIndex(userId));
    const { atMs, live } = this.moment(options.atMs);
    const target = {
      guildId: channel.guildId,
      channelId,
      userId,
      bot: user.bot,
      suppressByDefault: channel.type === 13,
    };
    this.emitVoice(this.voice.connect(target, atMs, options), live);
    const state = this.voice.stateOf(userId);
    if (state === undefined) throw new Error("voice state missing after connect");
    return state;
  }

  /** Moves a connected member to another channel of the same guild (one update, as on Discord). */
  moveVoice(userId: string, channelId: string, options: AtOption = {}): VoiceStateRecord {
    const state = this.voice.stateOf(userId);
    if (state === undefined) throw new Error(`${userId} is not in a voice channel`);
    if (this.requireChannel(channelId).guildId !== state.guildId) throw new Error("moves stay within a guild");
    return this.joinVoice(channelId, userId, options);
  }

  /** Disconnects a member from voice, wherever they are (nothing if they are not connected). */
  leaveVoice(userId: string, options: AtOption = {}): void {
    const { atMs, live } = this.moment(options.atMs);
    this.emitVoice(this.voice.disconnect(userId, atMs), live);
  }

  /** Mute, deafen, camera, suppress: a VOICE_STATE_UPDATE without a move. */
  setVoiceFlags(userId: string, flags: VoiceFlags): void {
    this.emitVoice(this.voice.setFlags(userId, flags), true);
  }

  /** Current voice states of the guild (GUILD_CREATE's voice_states). */
  voiceStates(guildId: string): VoiceStateRecord[] {
    return this.voice.statesIn(this.requireGuild(guildId).id);
  }

  /** Ground truth: seconds per voice channel per UTC day up to now, humans and bots apart, split at midnight. */
  voiceSecondsByDay(guildId: string): Map<string, Map<string, VoiceSeconds>> {
    return voiceSecondsByDay(this.voice.intervals(), this.requireGuild(guildId).id, this.now());
  }

  /** Ground truth: distinct humans and bots per voice channel per UTC day, up to now. */
  voicePeopleByDay(guildId: string): Map<string, Map<string, VoicePeople>> {
    return voicePeopleByDay(this.voice.intervals(), this.requireGuild(guildId).id, this.now());
  }

  // ---------------------------------------------------------------- channels and threads

  addChannel(guildId: string, options: AddChannelOptions): ChannelView {
    const guild = this.requireGuild(guildId);
    if (options.parentId != null) this.requireCategory(guild.id, options.parentId);
    const createdAtMs = options.createdAtMs ?? DEFAULT_ENTITY_TIME_MS;
    const id = this.ids.claim(options.id, createdAtMs);
    const channel: ChannelRecord = {
      id,
      guildId,
      name: options.name,
      type: options.type,
      parentId: options.parentId ?? null,
      position: options.position ?? this.channels(guildId).length,
      canView: options.canView ?? true,
      canReadHistory: options.canReadHistory ?? true,
      canManageThreads: options.canManageThreads ?? false,
      canConnect: options.canConnect ?? true,
      deleted: false,
      createdAtMs: options.id === undefined ? createdAtMs : timeFromSnowflake(id),
      lastThreadId: null,
      thread: null,
    };
    this.channelMap.set(id, channel);
    guild.channelIds.push(id);
    if (MESSAGE_CHANNEL_TYPES.has(options.type)) this.stores.set(id, this.newStore(BigInt(id)));
    this.emit({ kind: "channelCreated", guildId, channelId: id });
    return channel;
  }

  addThread(parentChannelId: string, options: AddThreadOptions): ChannelView {
    const parent = this.requireChannel(parentChannelId);
    if (parent.thread !== null) throw new Error("threads cannot have threads");
    assertThreadTypeFits(parent.type, options.type);
    const guild = this.requireGuild(parent.guildId);

    let id: string;
    let createdAtMs: number;
    let ownerIndex: number;
    if (options.fromMessageId !== undefined) {
      // A thread started from a message has the same id as that message (Discord's rule).
      const store = this.requireStore(parent.id);
      const at = store.indexOf(BigInt(options.fromMessageId));
      if (at < 0) throw new Error(`message ${options.fromMessageId} is not in channel ${parent.id}`);
      id = this.ids.claim(options.fromMessageId, 0);
      createdAtMs = options.createdAtMs ?? timeFromSnowflake(id);
      ownerIndex = store.authorAt(at);
    } else {
      createdAtMs = options.createdAtMs ?? this.now();
      id = this.ids.claim(options.id, createdAtMs);
      if (options.id !== undefined) createdAtMs = options.createdAtMs ?? timeFromSnowflake(id);
      ownerIndex = this.pickHuman(guild);
    }
    if (options.ownerId !== undefined) ownerIndex = this.users.requireIndex(options.ownerId);

    const isPost = THREAD_ONLY_CHANNEL_TYPES.has(parent.type);
    const archived = options.archived ?? false;
    const thread: ChannelRecord = {
      id,
      guildId: parent.guildId,
      name: options.name,
      type: options.type,
      parentId: parent.id,
      position: 0,
      // Threads take their permissions from the parent; these flags are unused on a thread.
      canView: true,
      canReadHistory: true,
      canManageThreads: false,
      canConnect: true,
      deleted: false,
      createdAtMs,
      lastThreadId: null,
      thread: {
        archived,
        archiveTimestampMs: options.archiveTimestamp ?? (archived ? this.now() : createdAtMs),
        locked: options.locked ?? false,
        botIsMember: options.botIsMember ?? options.type === 12,
        ownerId: this.users.at(ownerIndex).id,
        createdAtMs,
        autoArchiveDuration: 1440,
        starterMessageId: isPost ? id : null,
        fromMessageId: options.fromMessageId ?? null,
      },
    };
    this.channelMap.set(id, thread);
    guild.channelIds.push(id);
    const store = this.newStore(BigInt(id));
    // A forum/media post's opening message lives in the thread and has the thread's id.
    if (isPost) store.appendId(BigInt(id), ownerIndex);
    this.stores.set(id, store);
    if (isPost && (parent.lastThreadId === null || BigInt(id) > BigInt(parent.lastThreadId))) {
      parent.lastThreadId = id;
    }
    // A thread created "now" is news; one created in the past (test set-up) is history.
    const live =
      options.createdAtMs === undefined ? options.fromMessageId === undefined : this.moment(createdAtMs).live;
    if (live) this.emit({ kind: "threadCreated", guildId: guild.id, threadId: id });
    return thread;
  }

  archiveThread(threadId: string, at?: number): void {
    const state = this.requireThreadState(threadId);
    const { atMs, live } = this.moment(at);
    state.archived = true;
    state.archiveTimestampMs = atMs;
    if (live) this.emitThreadUpdated(threadId);
  }

  unarchiveThread(threadId: string, at?: number): void {
    const state = this.requireThreadState(threadId);
    const { atMs, live } = this.moment(at);
    state.archived = false;
    state.archiveTimestampMs = atMs;
    if (live) this.emitThreadUpdated(threadId);
  }

  /** Joins or leaves a thread as the bot (private threads are visible only to members or MANAGE_THREADS). */
  setThreadMembership(threadId: string, isMember: boolean): void {
    const thread = this.requireChannel(threadId);
    const state = this.requireThreadState(threadId);
    if (state.botIsMember === isMember) return;
    const wasVisible = this.botCanView(threadId);
    state.botIsMember = isMember;
    this.emit({
      kind: "threadMembership",
      guildId: thread.guildId,
      threadId,
      joined: isMember,
      wasVisible,
      visible: this.botCanView(threadId),
    });
  }

  renameChannel(channelId: string, name: string): void {
    const channel = this.requireChannel(channelId);
    channel.name = name;
    if (channel.thread !== null) this.emitThreadUpdated(channelId);
    else this.emitChannelUpdated(channel, this.botCanView(channelId), new Set());
  }

  /** Moves a (non-thread) channel under another category, or to the top level with null. */
  moveChannel(channelId: string, parentId: string | null): void {
    const channel = this.requireChannel(channelId);
    if (channel.thread !== null) throw new Error("threads cannot be moved");
    if (parentId !== null) this.requireCategory(channel.guildId, parentId);
    channel.parentId = parentId;
    this.emitChannelUpdated(channel, this.botCanView(channelId), new Set());
  }

  /**
   * Deletes a channel or thread: it answers 404 10003 from then on. A category's children move to the top
   * (one CHANNEL_UPDATE each); the threads of a deleted channel go with it (no event of their own).
   */
  deleteChannel(channelId: string): void {
    const channel = this.requireChannel(channelId);
    const wasVisible = this.botCanView(channelId);
    channel.deleted = true;
    const orphans: ChannelRecord[] = [];
    for (const other of this.channelMap.values()) {
      if (other.parentId !== channel.id || other.deleted) continue;
      if (other.thread !== null) other.deleted = true;
      else {
        other.parentId = null;
        orphans.push(other);
      }
    }
    this.emit({ kind: "channelDeleted", guildId: channel.guildId, channelId, wasVisible });
    for (const orphan of orphans) this.emitChannelUpdated(orphan, this.botCanView(orphan.id), new Set());
  }

  /**
   * Changes the bot's permissions on a channel (threads inherit theirs from the parent): CHANNEL_UPDATE, and
   * THREAD_LIST_SYNC for the active threads the bot can see from now on.
   */
  setPermissions(channelId: string, change: PermissionChange): void {
    const channel = this.requireChannel(channelId);
    if (channel.thread !== null) throw new Error("threads inherit permissions from their parent channel");
    const wasVisible = this.botCanView(channelId);
    const threadsBefore = new Set(this.visibleActiveThreads(channelId));
    if (change.canView !== undefined) channel.canView = change.canView;
    if (change.canReadHistory !== undefined) channel.canReadHistory = change.canReadHistory;
    if (change.canManageThreads !== undefined) channel.canManageThreads = change.canManageThreads;
    if (change.canConnect !== undefined) channel.canConnect = change.canConnect;
    this.emitChannelUpdated(channel, wasVisible, threadsBefore);
  }

  /** A channel or thread, deleted ones included. */
  channel(channelId: string): ChannelView | undefined {
    return this.channelMap.get(channelId);
  }

  /** The guild's channels without threads (deleted ones excluded, invisible ones included), creation order. */
  channels(guildId: string): ChannelView[] {
    return this.guildRecords(guildId).filter((c) => c.thread === null);
  }

  /** The guild's threads, archived or not (deleted ones excluded). */
  threads(guildId: string): ChannelView[] {
    return this.guildRecords(guildId).filter((c) => c.thread !== null);
  }

  // ---------------------------------------------------------------- what the bot may do

  /** VIEW_CHANNEL (threads: the parent's, plus membership or MANAGE_THREADS for private ones). */
  botCanView(channelId: string): boolean {
    const channel = this.channelMap.get(channelId);
    if (channel === undefined || channel.deleted) return false;
    if (this.guildMap.get(channel.guildId)?.access !== "member") return false;
    if (channel.thread === null) return channel.canView;
    const parent = this.channelMap.get(channel.parentId ?? "");
    if (parent === undefined || parent.deleted || !parent.canView) return false;
    return channel.type !== 12 || channel.thread.botIsMember || parent.canManageThreads;
  }

  /** What GET messages needs beyond existing: view (+ connect for voice/stage) and read history. */
  botCanReadHistory(channelId: string): boolean {
    if (!this.botCanView(channelId)) return false;
    const channel = this.requireChannel(channelId);
    const permissions = channel.thread === null ? channel : this.requireChannel(channel.parentId ?? "");
    return permissions.canReadHistory;
  }

  // ---------------------------------------------------------------- messages

  /**
   * Adds `count` messages with timestamps uniformly spread over [fromMs, toMs], sorted. Ids stay strictly
   * increasing and above every id ever sent in the channel: a range starting before the newest message (or
   * before the channel/thread was created) is clamped to start there.
   */
  addMessages(channelId: string, count: number, options: AddMessagesOptions): AddedMessages {
    const store = this.requireStore(channelId);
    const guild = this.requireGuild(this.requireChannel(channelId).guildId);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a natural number, got ${count}`);
    const botRatio = options.botRatio ?? 0;
    const humans = this.authorPool(guild, false, options.authors ?? 50);
    const bots = botRatio > 0 ? this.authorPool(guild, true, options.botAuthors ?? 3) : [];

    const floorMs = timeFromSnowflake(store.nextFreeId());
    const lo = Math.max(Math.floor(options.fromMs), floorMs);
    const span = Math.max(Math.floor(options.toMs), lo) - lo + 1;
    const times = new Float64Array(count);
    for (let i = 0; i < count; i++) times[i] = lo + Math.floor(this.rng() * span);
    times.sort();

    const authors = new Uint32Array(count);
    for (let i = 0; i < count; i++) authors[i] = this.drawAuthor(humans, bots, botRatio);
    const range = store.appendAtTimes(times, authors);
    return describeAdded(store, range);
  }

  /** Adds messages at the clock's current time (the living demo): one MESSAGE_CREATE each. */
  addMessagesNow(channelId: string, count: number, options: AddMessagesNowOptions = {}): AddedMessages {
    const now = this.now();
    const added = this.addMessages(channelId, count, { ...options, fromMs: now, toMs: now });
    if (added.count > 0 && this.listeners.size > 0) {
      const store = this.requireStore(channelId);
      const start = store.indexOf(BigInt(added.firstId ?? "0"));
      const ids = Array.from({ length: added.count }, (_, i) => store.idAt(start + i).toString());
      this.emit({ kind: "messagesCreated", guildId: this.requireChannel(channelId).guildId, channelId, ids });
    }
    return added;
  }

  /**
   * Adds one message (default: now, by a random human of the guild); returns its id. MESSAGE_CREATE unless
   * back-dated with an `atMs` before now, or `silent` (the caller reports it itself, e.g. interaction replies).
   */
  addMessage(channelId: string, options: { authorId?: string; atMs?: number; silent?: boolean } = {}): string {
    const store = this.requireStore(channelId);
    const channel = this.requireChannel(channelId);
    const guild = this.requireGuild(channel.guildId);
    const author = options.authorId !== undefined ? this.users.requireIndex(options.authorId) : this.pickHuman(guild);
    const { atMs, live } = this.moment(options.atMs);
    const range = store.appendAtTimes(Float64Array.of(Math.floor(atMs)), Uint32Array.of(author));
    const id = store.idAt(range.start).toString();
    if (!options.silent && live) {
      this.emit({ kind: "messagesCreated", guildId: guild.id, channelId, ids: [id] });
    }
    return id;
  }

  /**
   * Deletes the newest `count` messages, or the given ids. The channel's last_message_id keeps pointing at
   * the deleted message, as on Discord. Returns how many were deleted. Dispatches MESSAGE_DELETE or
   * MESSAGE_DELETE_BULK as `options.as` says.
   */
  deleteMessages(channelId: string, target: number | readonly string[], options: DeleteMessagesOptions = {}): number {
    const store = this.requireStore(channelId);
    const wanted = typeof target === "number" ? null : new Set(target.map((id) => BigInt(id)));
    // The ids are only needed for events; a 100,000-message purge in a test without a gateway stays cheap.
    let ids: string[] = [];
    if (this.listeners.size > 0) {
      if (wanted === null) {
        const n = Math.max(0, Math.min(target as number, store.size));
        ids = Array.from({ length: n }, (_, i) => store.idAt(store.size - n + i).toString());
      } else {
        ids = [...wanted].filter((id) => store.indexOf(id) >= 0).map(String);
      }
    }
    const removed = wanted === null ? store.deleteNewest(target as number) : store.deleteIds(wanted);
    if (ids.length > 0) {
      const as = options.as ?? "auto";
      const oldest = ids.reduce((min, id) => Math.min(min, timeFromSnowflake(id)), Number.POSITIVE_INFINITY);
      const bulk = as === "bulk" || (as === "auto" && ids.length > 1 && this.now() - oldest < BULK_DELETE_MAX_AGE_MS);
      this.emit({ kind: "messagesDeleted", guildId: this.requireChannel(channelId).guildId, channelId, ids, bulk });
    }
    return removed;
  }

  /** A page as GET /channels/{id}/messages returns it: newest first. The caller checks access first. */
  readMessages(channelId: string, query: PageQuery): MessageView[] {
    const store = this.stores.get(channelId);
    if (store === undefined) return [];
    const { start, end } = store.page(query);
    const out: MessageView[] = [];
    for (let i = end - 1; i >= start; i--) {
      out.push({ id: store.idAt(i).toString(), channelId, author: this.users.at(store.authorAt(i)) });
    }
    return out;
  }

  findMessage(channelId: string, messageId: string): MessageView | null {
    const store = this.stores.get(channelId);
    if (store === undefined || !/^\d{1,20}$/.test(messageId)) return null;
    const index = store.indexOf(BigInt(messageId));
    if (index < 0) return null;
    return { id: messageId, channelId, author: this.users.at(store.authorAt(index)) };
  }

  /** Discord's `last_message_id`: may point at a deleted message; for forum/media the newest post id. */
  lastMessageId(channelId: string): string | null {
    const channel = this.requireChannel(channelId);
    if (THREAD_ONLY_CHANNEL_TYPES.has(channel.type)) return channel.lastThreadId;
    return this.stores.get(channelId)?.lastMessageId?.toString() ?? null;
  }

  /** message_count / total_message_sent / member_count as Discord reports them for a thread. */
  threadCounts(threadId: string): ThreadCounts {
    const channel = this.requireChannel(threadId);
    const state = this.requireThreadState(threadId);
    const store = this.requireStore(threadId);
    // Both counters exclude the starter message of a forum post.
    const starterPresent = state.starterMessageId !== null && store.indexOf(BigInt(state.starterMessageId)) >= 0;
    const starterSent = state.starterMessageId !== null ? 1 : 0;
    const capped = channel.createdAtMs < THREAD_COUNTER_CUTOFF_MS;
    const cap = (n: number) => (capped ? Math.min(n, THREAD_COUNTER_CAP) : n);
    return {
      messageCount: cap(store.size - (starterPresent ? 1 : 0)),
      totalMessageSent: cap(store.totalSent - starterSent),
      // Discord's member_count is approximate and stops at 50: the distinct authors, capped.
      memberCount: Math.min(store.authorSet.size, THREAD_COUNTER_CAP),
    };
  }

  // ---------------------------------------------------------------- ground truth

  /**
   * Messages currently in a channel or thread (a forum post's starter message counts, being readable).
   * `bot: true` counts only bot-authored ones, `bot: false` only humans'.
   */
  messageCount(channelId: string, options: { bot?: boolean } = {}): number {
    const store = this.stores.get(this.requireChannel(channelId).id);
    if (store === undefined) return 0;
    if (options.bot === undefined) return store.size;
    return store.countByBot({ start: 0, end: store.size }, this.users.isBot, options.bot);
  }

  /** Ids currently in a channel or thread, oldest first. */
  messageIds(channelId: string): string[] {
    const store = this.stores.get(this.requireChannel(channelId).id);
    return store === undefined ? [] : Array.from(store.idsView(), (id) => id.toString());
  }

  /** Messages per UTC day ("YYYY-MM-DD"), days without messages absent. */
  dailyCounts(channelId: string): Map<string, DayCount> {
    const out = new Map<string, DayCount>();
    const store = this.stores.get(this.requireChannel(channelId).id);
    if (store === undefined) return out;
    for (const { day, range } of dayRanges(store)) {
      const bot = store.countByBot(range, this.users.isBot, true);
      out.set(day, { human: range.end - range.start - bot, bot });
    }
    return out;
  }

  /**
   * Distinct human authors per UTC day across the guild's channels and threads (deleted ones excluded).
   * `readableOnly` keeps only what the bot can read (view + read history), i.e. what an exporter can see.
   */
  dailyActiveAuthors(guildId: string, options: { readableOnly?: boolean } = {}): Map<string, Set<string>> {
    const byDay = new Map<string, Set<number>>();
    for (const channel of this.guildRecords(guildId)) {
      const store = this.stores.get(channel.id);
      if (store === undefined) continue;
      if (channel.thread !== null && this.channelMap.get(channel.parentId ?? "")?.deleted) continue;
      if (options.readableOnly && !this.botCanReadHistory(channel.id)) continue;
      const authors = store.authorsView();
      const isBot = this.users.isBot;
      for (const { day, range } of dayRanges(store)) {
        let set = byDay.get(day);
        if (set === undefined) {
          set = new Set();
          byDay.set(day, set);
        }
        for (let i = range.start; i < range.end; i++) {
          const author = authors[i] ?? 0;
          if (isBot[author] === 0) set.add(author);
        }
      }
    }
    const out = new Map<string, Set<string>>();
    for (const day of [...byDay.keys()].sort()) {
      out.set(day, new Set(Array.from(byDay.get(day) ?? [], (i) => this.users.at(i).id)));
    }
    return out;
  }

  // ---------------------------------------------------------------- internals

  private emit(change: WorldChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * When a change happens: an explicit time, or the clock's now. Events are for changes at now; an explicit
   * time before now is history (see world-events.ts). Now is read once, so a default time is always live.
   */
  private moment(explicit: number | undefined): { atMs: number; live: boolean } {
    const now = this.now();
    return explicit === undefined ? { atMs: now, live: true } : { atMs: explicit, live: explicit >= now };
  }

  private emitVoice(transitions: readonly VoiceTransition[], live: boolean): void {
    if (!live) return;
    for (const t of transitions) {
      this.emit({ kind: "voiceState", guildId: t.guildId, userId: t.userId, before: t.before, after: t.after });
    }
  }

  private emitThreadUpdated(threadId: string): void {
    this.emit({ kind: "threadUpdated", guildId: this.requireChannel(threadId).guildId, threadId });
  }

  private emitChannelUpdated(channel: ChannelRecord, wasVisible: boolean, threadsBefore: ReadonlySet<string>): void {
    const threadsRevealed = this.visibleActiveThreads(channel.id).filter((id) => !threadsBefore.has(id));
    this.emit({
      kind: "channelUpdated",
      guildId: channel.guildId,
      channelId: channel.id,
      wasVisible,
      visible: this.botCanView(channel.id),
      threadsRevealed,
    });
  }

  /** Active threads under a channel that the bot can see. */
  private visibleActiveThreads(channelId: string): string[] {
    const out: string[] = [];
    for (const other of this.channelMap.values()) {
      if (
        other.parentId === channelId &&
        other.thread !== null &&
        !other.thread.archived &&
        this.botCanView(other.id)
      ) {
        out.push(other.id);
      }
    }
    return out;
  }

  private guildRecords(guildId: string): ChannelRecord[] {
    const guild = this.requireGuild(guildId);
    const out: ChannelRecord[] = [];
    for (const id of guild.channelIds) {
      const channel = this.channelMap.get(id);
      if (channel !== undefined && !channel.deleted) out.push(channel);
    }
    return out;
  }

  private createUser(username: string, bot: boolean, explicitId?: string): number {
    return this.users.add({ id: this.ids.claim(explicitId, DEFAULT_ENTITY_TIME_MS), username, bot });
  }

  /** Stores get distinct worker ids while there are fewer than 1023 of them (then they wrap). */
  private newStore(floorId: bigint): MessageStore {
    return new MessageStore(floorId, this.storeCount++ % (WORKER_COUNT - 1));
  }

  /** The first `spec` users of the guild's pool (created as needed), or the given user ids. */
  private authorPool(guild: GuildRecord, bot: boolean, spec: number | readonly string[]): number[] {
    if (typeof spec !== "number") return spec.map((id) => this.users.requireIndex(id));
    const pool = bot ? guild.botPool : guild.humanPool;
    while (pool.length < spec) this.addUser(guild.id, { bot });
    return pool.slice(0, Math.max(1, spec));
  }

  private drawAuthor(humans: readonly number[], bots: readonly number[], botRatio: number): number {
    if (bots.length > 0 && this.rng() < botRatio) return bots[Math.floor(this.rng() * bots.length)] ?? 0;
    // Squaring skews activity toward the first authors: a few people write most messages, as in real guilds.
    const u = this.rng();
    return humans[Math.floor(u * u * humans.length)] ?? 0;
  }

  private pickHuman(guild: GuildRecord): number {
    return guild.humanPool[Math.floor(this.rng() * guild.humanPool.length)] ?? 0;
  }

  private requireGuild(guildId: string): GuildRecord {
    const guild = this.guildMap.get(guildId);
    if (guild === undefined) throw new Error(`unknown guild ${guildId}`);
    return guild;
  }

  private requireChannel(channelId: string): ChannelRecord {
    const channel = this.channelMap.get(channelId);
    if (channel === undefined) throw new Error(`unknown channel ${channelId}`);
    return channel;
  }

  private requireCategory(guildId: string, channelId: string): ChannelRecord {
    const category = this.requireChannel(channelId);
    if (category.type !== 4 || category.guildId !== guildId)
      throw new Error(`${channelId} is not a category of ${guildId}`);
    return category;
  }

  private requireThreadState(threadId: string) {
    const state = this.requireChannel(threadId).thread;
    if (state === null) throw new Error(`${threadId} is not a thread`);
    return state;
  }

  private requireStore(channelId: string): MessageStore {
    const channel = this.requireChannel(channelId);
    const store = this.stores.get(channelId);
    if (store === undefined || channel.deleted) {
      throw new Error(
        `channel ${channelId} (type ${channel.type}${channel.deleted ? ", deleted" : ""}) holds no messages`,
      );
    }
    return store;
  }
}

function assertThreadTypeFits(parentType: number, threadType: ThreadType): void {
  const fits =
    (threadType === 10 && parentType === 5) ||
    (threadType === 11 && (parentType === 0 || parentType === 15 || parentType === 16)) ||
    (threadType === 12 && parentType === 0);
  if (!fits) throw new Error(`a thread of type ${threadType} cannot live in a channel of type ${parentType}`);
}

function describeAdded(store: MessageStore, range: IndexRange): AddedMessages {
  const count = range.end - range.start;
  return {
    count,
    firstId: count > 0 ? store.idAt(range.start).toString() : null,
    lastId: count > 0 ? store.idAt(range.end - 1).toString() : null,
  };
}
