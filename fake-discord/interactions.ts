/**
 * Slash-command interactions, end to end: a test fires one (as a user typing /stats would), the fake sends
 * INTERACTION_CREATE to the gateway sessions, then records everything the bot answers over REST — the
 * callback (type 4 message, 5 deferred, 9 modal), every edit of @original, follow-ups, deletions — with the
 * uploaded files' bytes, and holds the bot to Discord's rules: one acknowledgement (40060), within 3 s
 * (10062), a token that lives 15 minutes (then 401 50027). Windows run on the world's clock.
 * https://discord.com/developers/docs/interactions/receiving-and-responding
 */

import { randomBytes } from "node:crypto";
import type { UploadedFile } from "./body.js";
import type { CommandRegistry } from "./commands.js";
import { CommandType } from "./commands-validation.js";
import {
  alreadyAcknowledged,
  emptyMessage,
  formErrors,
  invalidWebhookToken,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from "./errors.js";
import type { Dispatch } from "./gateway-dispatch.js";
import { Intent } from "./gateway-protocol.js";
import {
  buildOptions,
  InteractionInputError,
  memberPermissions,
  type OptionValue,
  partialChannelJson,
  type RawOption,
  resolvedData,
} from "./interaction-input.js";
import {
  applyMessageBody,
  emptyDraft,
  isEmpty,
  type MessageDraft,
  MessageFlag,
  resolveEmbedAttachments,
  type StoredAttachment,
} from "./message-payload.js";
import { botChannelPermissions } from "./permissions.js";
import { type Json, type JsonObject, memberJson, userJson } from "./serialize.js";
import { discordTimestamp } from "./snowflake.js";
import type { World } from "./world.js";
import { MESSAGE_CHANNEL_TYPES } from "./world-types.js";

export interface InteractionOptions {
  /** Time to acknowledge, on the world's clock; Discord: 3000 ms. */
  ackDeadlineMs?: number;
  /** Token lifetime, on the world's clock; Discord: 15 minutes. */
  tokenLifetimeMs?: number;
  /** The interaction's `attachment_size_limit` (also the per-file upload limit); default 10 MiB. */
  attachmentSizeLimit?: number;
}

export interface FireOptions {
  /** "stats", or with a subcommand (group) "stats members", "stats group sub". */
  name: string;
  /** Leaf option values by name (strings coerced by type: "30" → 30 for INTEGER), or a raw option tree. */
  options?: Record<string, OptionValue> | RawOption[];
  /** Default: the first guild the bot is in. */
  guildId?: string;
  /** Default: the guild's first text channel the bot can view. */
  channelId?: string;
  /** The invoking user; default the guild's owner. A user object shorthand is accepted too. */
  user?: string | { id: string };
  /** The user's client language; default "en-US". */
  locale?: string;
  /** Default: the guild's preferred_locale. */
  guildLocale?: string;
  /** 1 chat input (default), 2 user, 3 message command. */
  commandType?: number;
  /** Skip what Discord's client checks (registration, required options, choices, min/max). */
  unchecked?: boolean;
}

export interface RecordedAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly url: string;
  readonly description: string | null;
  readonly data: Buffer;
}

/** A message of the interaction (@original or a follow-up) as it stood at one moment. */
export interface RecordedMessage {
  readonly id: string;
  readonly channelId: string;
  readonly content: string;
  readonly embeds: readonly JsonObject[];
  readonly components: readonly Json[];
  readonly flags: number;
  readonly ephemeral: boolean;
  /** A deferred response not edited yet ("Bot is thinking..."). */
  readonly loading: boolean;
  readonly attachments: readonly RecordedAttachment[];
  /** `attachment://` URLs in embeds that matched no attachment (Discord drops those images). */
  readonly danglingAttachmentRefs: readonly string[];
  readonly deleted: boolean;
  /** The message object as the API returns it. */
  readonly json: JsonObject;
}

/** A file exactly as uploaded with one request (before Discord's filename clean-up). */
export interface RecordedFile {
  readonly field: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly data: Buffer;
}

export type InteractionEventKind =
  | "callback"
  | "editOriginal"
  | "deleteOriginal"
  | "followup"
  | "editFollowup"
  | "deleteFollowup";

export interface InteractionEvent {
  readonly kind: InteractionEventKind;
  /** For callbacks: 4 message, 5 deferred, 9 modal. */
  readonly callbackType: number | null;
  /** World-clock ms since the interaction was created (what the 3 s and 15 min windows use). */
  readonly atMs: number;
  /** Wall-clock ms since it was created. */
  readonly elapsedMs: number;
  readonly messageId: string | null;
  /** The message after this event (null for modals). */
  readonly message: RecordedMessage | null;
  readonly files: readonly RecordedFile[];
  /** The JSON body as sent. */
  readonly body: unknown;
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** INTERACTION_CREATE's `d`, as the bot received it. */
  readonly payload: JsonObject;
  /** Gateway sessions it was dispatched to (0: no bot connected, Discord would say the app did not respond). */
  readonly delivered: number;
  readonly events: readonly InteractionEvent[];
  /** The acknowledgement, once made. */
  callback(): InteractionEvent | null;
  /** @original now (null before the callback, or for a modal). */
  original(): RecordedMessage | null;
  followups(): RecordedMessage[];
  /** The first event of a kind (or the count-th), waiting up to timeoutMs (wall clock, default 20 s). */
  waitFor(kind: InteractionEventKind, options?: { count?: number; timeoutMs?: number }): Promise<InteractionEvent>;
  waitForCallback(timeoutMs?: number): Promise<InteractionEvent>;
  /**
   * The answer once it is final: @original after a type 4 callback, or after the first edit (or follow-up)
   * that completes a deferred one.
   */
  waitForReply(timeoutMs?: number): Promise<RecordedMessage>;
}

interface StoredMessage {
  readonly id: string;
  readonly isOriginal: boolean;
  readonly inWorld: boolean;
  readonly createdAtMs: number;
  editedAtMs: number | null;
  draft: MessageDraft;
  loading: boolean;
  deleted: boolean;
  dangling: string[];
}

interface InteractionState {
  readonly id: string;
  readonly token: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly commandName: string;
  readonly commandType: number;
  readonly createdAtMs: number;
  readonly createdAtPerf: number;
  readonly payload: JsonObject;
  delivered: number;
  callback: InteractionEvent | null;
  original: StoredMessage | null;
  readonly followups: StoredMessage[];
  readonly events: InteractionEvent[];
  readonly listeners: Set<() => void>;
}

// How long a test waits for the bot's answer before failing: the first chart of a run starts a worker thread under
// the TypeScript loader, which takes seconds when the test suite keeps both cores busy. Discord's own deadlines are
// checked on the events' times (elapsedMs), not by this wait.
const DEFAULT_WAIT_MS = 20_000;

export class InteractionRegistry {
  private readonly byId = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();
  private readonly ackDeadlineMs: number;
  private readonly tokenLifetimeMs: number;
  readonly attachmentSizeLimit: number;

  constructor(
    private readonly world: World,
    private readonly commands: CommandRegistry,
    private readonly deliver: (dispatch: Dispatch) => number,
    private readonly baseUrl: () => string,
    options: InteractionOptions = {},
  ) {
    this.ackDeadlineMs = options.ackDeadlineMs ?? 3_000;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
  }

  /** Every interaction fired so far, oldest first. */
  list(): InteractionHandle[] {
    return [...this.byId.values()].map((s) => this.handle(s));
  }

  get(id: string): InteractionHandle | undefined {
    const state = this.byId.get(id);
    return state === undefined ? undefined : this.handle(state);
  }

  /** A user runs a command: builds the interaction, dispatches INTERACTION_CREATE, returns the handle. */
  fire(options: FireOptions): InteractionHandle {
    const world = this.world;
    const guild =
      options.guildId !== undefined ? world.guild(options.guildId) : world.guilds().find((g) => g.access === "member");
    if (guild === undefined || guild.access !== "member") {
      throw new InteractionInputError(
        options.guildId === undefined ? "the bot is in no guild" : `the bot is not in guild ${options.guildId}`,
      );
    }
    const channel =
      options.channelId !== undefined
        ? world.channel(options.channelId)
        : world.channels(guild.id).find((c) => c.type === 0 && world.botCanView(c.id));
    if (
      channel === undefined ||
      channel.deleted ||
      channel.guildId !== guild.id ||
      !MESSAGE_CHANNEL_TYPES.has(channel.type)
    ) {
      throw new InteractionInputError(
        `no channel ${options.channelId ?? "(text, visible to the bot)"} to type a command in`,
      );
    }
    const userId = typeof options.user === "string" ? options.user : (options.user?.id ?? guild.ownerId);
    const user = world.user(userId);
    if (user === undefined || !world.isMember(guild.id, userId)) {
      throw new InteractionInputError(`user ${userId} is not a member of ${guild.id}`);
    }
    const path = options.name.trim().split(/\s+/);
    const root = path[0] ?? "";
    const commandType = options.commandType ?? CommandType.ChatInput;
    const command = this.commands.find(guild.id, root, commandType) ?? null;
    if (command === null && !options.unchecked) {
      const known = [...this.commands.list(guild.id), ...this.commands.list(null)].map((c) => c.name);
      throw new InteractionInputError(
        `/${root} is not registered in guild ${guild.id} (registered: ${known.join(", ") || "none"})`,
      );
    }
    const tree = buildOptions(command, path, options.options, options.unchecked ?? false);
    const id = world.allocateId();
    // Discord's tokens are long opaque URL-safe strings ("aW50ZXJhY3Rpb246..." is "interaction:" in base64).
    const token = `aW50ZXJhY3Rpb246${id}${randomBytes(48).toString("base64url")}`;
    const data: JsonObject = { id: command?.id ?? world.allocateId(), name: root, type: commandType };
    if (tree.length > 0) data.options = tree as unknown as Json;
    const resolved = resolvedData(world, guild.id, tree);
    if (resolved !== null) data.resolved = resolved;
    if (command?.guildId) data.guild_id = command.guildId;
    const locale = options.locale ?? "en-US";
    const guildLocale = options.guildLocale ?? guild.preferredLocale;
    const permissionsFrom = channel.thread === null ? channel : (world.channel(channel.parentId ?? "") ?? channel);
    const payload: JsonObject = {
      id,
      application_id: world.applicationId,
      type: 2,
      data,
      guild: { id: guild.id, locale: guildLocale, features: [] },
      guild_id: guild.id,
      channel: partialChannelJson(world, channel),
      channel_id: channel.id,
      member: { ...memberJson(world, guild.id, user), permissions: memberPermissions(world, guild.id, userId) },
      token,
      version: 1,
      app_permissions: botChannelPermissions(permissionsFrom).toString(),
      locale,
      guild_locale: guildLocale,
      entitlements: [],
      authorizing_integration_owners: { "0": guild.id },
      context: 0,
      attachment_size_limit: this.attachmentSizeLimit,
    };
    const state: InteractionState = {
      id,
      token,
      guildId: guild.id,
      channelId: channel.id,
      userId,
      commandName: options.name.trim(),
      commandType,
      createdAtMs: world.now(),
      createdAtPerf: performance.now(),
      payload,
      delivered: 0,
      callback: null,
      original: null,
      followups: [],
      events: [],
      listeners: new Set(),
    };
    this.byId.set(id, state);
    this.byToken.set(token, state);
    // Interactions need no intent: every session of the guild's shard gets them.
    state.delivered = this.deliver({ guildId: guild.id, t: "INTERACTION_CREATE", d: payload, intent: 0 });
    return this.handle(state);
  }

  // ---------------------------------------------------------------- REST: POST /interactions/{id}/{token}/callback

  callback(
    id: string,
    token: string,
    body: unknown,
    files: readonly UploadedFile[],
    withResponse: boolean,
  ): Json | null {
    const state = this.byId.get(id);
    if (state === undefined || state.token !== token) throw unknownInteraction();
    if (state.callback !== null) throw alreadyAcknowledged();
    // Past the deadline the interaction is gone ("The application did not respond").
    if (this.age(state) > this.ackDeadlineMs) throw unknownInteraction();
    const data = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const type = data.type;
    if (type === undefined)
      throw formErrors([{ path: ["type"], code: "BASE_TYPE_REQUIRED", message: "This field is required" }]);
    if (type !== 4 && type !== 5 && type !== 9) {
      throw formErrors([{ path: ["type"], code: "BASE_TYPE_CHOICES", message: "Value must be one of (4, 5, 9)." }]);
    }
    let message: StoredMessage | null = null;
    if (type === 4 || type === 5) {
      const inner = data.data;
      const requested = typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
      const ephemeral = typeof requested.flags === "number" && (requested.flags & MessageFlag.Ephemeral) !== 0;
      if (type === 4) {
        const draft = applyMessageBody(emptyDraft(), inner, files, () => this.world.allocateId(), "create", ["data"]);
        if (isEmpty(draft)) throw emptyMessage();
        message = this.createMessage(state, draft, true, false);
      } else {
        // Deferred: only EPHEMERAL counts; the message exists at once, loading.
        message = this.createMessage(state, emptyDraft(ephemeral ? MessageFlag.Ephemeral : 0), true, true);
      }
      state.original = message;
    }
    const event = this.record(state, "callback", type, message, files, body);
    state.callback = event;
    if (!withResponse) return null;
    const response: JsonObject = {
      interaction: {
        id: state.id,
        type: 2,
        response_message_id: message?.id ?? null,
        response_message_loading: message?.loading ?? false,
        response_message_ephemeral: message !== null && (message.draft.flags & MessageFlag.Ephemeral) !== 0,
      },
    };
    response.resource = message !== null && type === 4 ? { type, message: this.messageJson(state, message) } : { type };
    return response;
  }

  // ---------------------------------------------------------------- REST: /webhooks/{application_id}/{token}...

  getMessage(appId: string, token: string, messageId: string | "@original"): Json {
    const state = this.webhookState(appId, token);
    const message = this.findMessage(state, messageId);
    return this.messageJson(state, message);
  }

  editMessage(
    appId: string,
    token: string,
    messageId: string | "@original",
    body: unknown,
    files: readonly UploadedFile[],
  ): Json {
    const state = this.webhookState(appId, token);
    const message = this.findMessage(state, messageId);
    const draft = applyMessageBody(message.draft, body, files, () => this.world.allocateId(), "edit");
    if (isEmpty(draft)) throw emptyMessage();
    this.updateMessage(state, message, draft, body);
    const kind = message.isOriginal ? "editOriginal" : "editFollowup";
    this.record(state, kind, null, message, files, body);
    return this.messageJson(state, message);
  }

  deleteMessage(appId: string, token: string, messageId: string | "@original"): void {
    const state = this.webhookState(appId, token);
    const message = this.findMessage(state, messageId);
    message.deleted = true;
    // Deleting a message in the channel is a real deletion: MESSAGE_DELETE, and out of the counts.
    if (message.inWorld) this.world.deleteMessages(state.channelId, [message.id], { as: "single" });
    this.record(state, message.isOriginal ? "deleteOriginal" : "deleteFollowup", null, message, [], undefined);
  }

  /**
   * POST /webhooks/{application_id}/{token}: a follow-up. Right after a deferral it edits the loading
   * @original instead (Discord's deprecated compatibility rule), keeping its ephemerality.
   */
  createFollowup(appId: string, token: string, body: unknown, files: readonly UploadedFile[]): Json {
    const state = this.webhookState(appId, token);
    const original = state.original;
    if (original?.loading && !original.deleted) {
      const draft = applyMessageBody(original.draft, body, files, () => this.world.allocateId(), "edit");
      if (isEmpty(draft)) throw emptyMessage();
      this.updateMessage(state, original, draft, body);
      this.record(state, "editOriginal", null, original, files, body);
      return this.messageJson(state, original);
    }
    const draft = applyMessageBody(emptyDraft(), body, files, () => this.world.allocateId(), "create");
    if (isEmpty(draft)) throw emptyMessage();
    const message = this.createMessage(state, draft, false, false);
    state.followups.push(message);
    this.record(state, "followup", null, message, files, body);
    return this.messageJson(state, message);
  }

  /** The bytes behind an attachment URL the fake handed out. */
  findAttachment(messageId: string, attachmentId: string): StoredAttachment | undefined {
    for (const state of this.byId.values()) {
      for (const message of [state.original, ...state.followups]) {
        if (message?.id !== messageId) continue;
        return message.draft.attachments.find((a) => a.id === attachmentId);
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- internals

  private age(state: InteractionState): number {
    return this.world.now() - state.createdAtMs;
  }

  /** The interaction behind a webhook token, if the token still works. */
  private webhookState(appId: string, token: string): InteractionState {
    if (appId !== this.world.applicationId) throw unknownWebhook();
    const state = this.byToken.get(token);
    if (state === undefined) throw invalidWebhookToken();
    const age = this.age(state);
    // Unanswered past the deadline, the token is invalidated; answered, it lives 15 minutes.
    if (age > this.tokenLifetimeMs || (state.callback === null && age > this.ackDeadlineMs))
      throw invalidWebhookToken();
    if (state.callback === null) throw unknownWebhook();
    return state;
  }

  private findMessage(state: InteractionState, messageId: string | "@original"): StoredMessage {
    const message =
      messageId === "@original" || messageId === state.original?.id
        ? state.original
        : (state.followups.find((m) => m.id === messageId) ?? null);
    if (message === null || message.deleted) throw unknownMessage();
    return message;
  }

  private createMessage(
    state: InteractionState,
    draft: MessageDraft,
    isOriginal: boolean,
    loading: boolean,
  ): StoredMessage {
    const ephemeral = (draft.flags & MessageFlag.Ephemeral) !== 0;
    // A non-ephemeral response is a real message in the channel: it counts, and the gateway says so.
    const inWorld = !ephemeral;
    const id = inWorld
      ? this.world.addMessage(state.channelId, { authorId: this.world.botUser.id, silent: true })
      : this.world.allocateId();
    const message: StoredMessage = {
      id,
      isOriginal,
      inWorld,
      createdAtMs: this.world.now(),
      editedAtMs: null,
      draft,
      loading,
      deleted: false,
      dangling: [],
    };
    this.refreshEmbeds(message, true);
    if (inWorld) this.dispatchMessage(state, message, "MESSAGE_CREATE");
    return message;
  }

  private updateMessage(state: InteractionState, message: StoredMessage, draft: MessageDraft, body: unknown): void {
    // Completing a deferred response is not an "edit" to users; later changes are.
    if (!message.loading) message.editedAtMs = this.world.now();
    message.draft = draft;
    message.loading = false;
    this.refreshEmbeds(message, typeof body === "object" && body !== null && "embeds" in body);
    if (message.inWorld) this.dispatchMessage(state, message, "MESSAGE_UPDATE");
  }

  /** Points `attachment://` embed images at the stored files; `embedsSent`: the request replaced the embeds. */
  private refreshEmbeds(message: StoredMessage, embedsSent: boolean): void {
    const { embeds, dangling } = resolveEmbedAttachments(message.draft.embeds, message.draft.attachments, (a) =>
      this.attachmentUrl(message.id, a),
    );
    message.draft = { ...message.draft, embeds };
    if (embedsSent) message.dangling = dangling;
  }

  private attachmentUrl(messageId: string, attachment: StoredAttachment): string {
    return `${this.baseUrl()}/_fake/attachments/${messageId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
  }

  private dispatchMessage(
    state: InteractionState,
    message: StoredMessage,
    t: "MESSAGE_CREATE" | "MESSAGE_UPDATE",
  ): void {
    if (!this.world.botCanView(state.channelId)) return;
    const { user: _user, ...member } = memberJson(this.world, state.guildId, this.world.botUser);
    const d: JsonObject = { ...this.messageJson(state, message), guild_id: state.guildId, member };
    this.deliver({ guildId: state.guildId, t, d, intent: Intent.GuildMessages });
  }

  private messageJson(state: InteractionState, message: StoredMessage): JsonObject {
    const user = this.world.user(state.userId);
    const userObject = user === undefined ? null : userJson(user);
    const flags = message.draft.flags | (message.loading ? MessageFlag.Loading : 0);
    return {
      id: message.id,
      type: 20,
      channel_id: state.channelId,
      author: { ...userJson(this.world.botUser), bot: true },
      content: message.draft.content,
      timestamp: discordTimestamp(message.createdAtMs),
      edited_timestamp: message.editedAtMs === null ? null : discordTimestamp(message.editedAtMs),
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: message.draft.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        ...(a.description === null ? {} : { description: a.description }),
        content_type: a.contentType,
        size: a.data.length,
        url: this.attachmentUrl(message.id, a),
        proxy_url: this.attachmentUrl(message.id, a),
        ...((flags & MessageFlag.Ephemeral) !== 0 ? { ephemeral: true } : {}),
      })),
      embeds: message.draft.embeds,
      components: message.draft.components,
      pinned: false,
      flags,
      webhook_id: this.world.applicationId,
      application_id: this.world.applicationId,
      interaction_metadata: {
        id: state.id,
        type: 2,
        name: state.commandName,
        command_type: state.commandType,
        user: userObject,
        authorizing_integration_owners: { "0": state.guildId },
        ...(message.isOriginal ? {} : { original_response_message_id: state.original?.id ?? null }),
      },
      interaction: { id: state.id, type: 2, name: state.commandName, user: userObject },
    };
  }

  private snapshot(state: InteractionState, message: StoredMessage): RecordedMessage {
    const json = this.messageJson(state, message);
    return {
      id: message.id,
      channelId: state.channelId,
      content: message.draft.content,
      embeds: message.draft.embeds,
      components: message.draft.components,
      flags: json.flags as number,
      ephemeral: (message.draft.flags & MessageFlag.Ephemeral) !== 0,
      loading: message.loading,
      attachments: message.draft.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.data.length,
        url: this.attachmentUrl(message.id, a),
        description: a.description,
        data: a.data,
      })),
      danglingAttachmentRefs: [...message.dangling],
      deleted: message.deleted,
      json,
    };
  }

  private record(
    state: InteractionState,
    kind: InteractionEventKind,
    callbackType: number | null,
    message: StoredMessage | null,
    files: readonly UploadedFile[],
    body: unknown,
  ): InteractionEvent {
    const event: InteractionEvent = {
      kind,
      callbackType,
      atMs: this.age(state),
      elapsedMs: performance.now() - state.createdAtPerf,
      messageId: message?.id ?? null,
      message: message === null ? null : this.snapshot(state, message),
      files: files.map((f) => ({
        field: f.field,
        name: f.filename,
        contentType: f.contentType,
        size: f.data.length,
        data: f.data,
      })),
      body,
    };
    state.events.push(event);
    for (const listener of [...state.listeners]) listener();
    return event;
  }

  private handle(state: InteractionState): InteractionHandle {
    const wait = <T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
      const found = find();
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const listener = () => {
          const value = find();
          if (value === undefined) return;
          clearTimeout(timer);
          state.listeners.delete(listener);
          resolve(value);
        };
        const timer = setTimeout(() => {
          state.listeners.delete(listener);
          const seen = state.events.map((e) => e.kind).join(", ") || "nothing";
          reject(
            new Error(
              `interaction ${state.id}: no ${what} within ${timeoutMs} ms (bot sent: ${seen}; delivered to ${state.delivered} session(s))`,
            ),
          );
        }, timeoutMs);
        state.listeners.add(listener);
      });
    };
    const handle: InteractionHandle = {
      id: state.id,
      token: state.token,
      payload: state.payload,
      get delivered() {
        return state.delivered;
      },
      events: state.events,
      callback: () => state.callback,
      original: () => (state.original === null ? null : this.snapshot(state, state.original)),
      followups: () => state.followups.map((m) => this.snapshot(state, m)),
      waitFor: (kind, options = {}) =>
        wait(
          () => state.events.filter((e) => e.kind === kind)[(options.count ?? 1) - 1],
          options.timeoutMs ?? DEFAULT_WAIT_MS,
          kind,
        ),
      waitForCallback: (timeoutMs = DEFAULT_WAIT_MS) => handle.waitFor("callback", { timeoutMs }),
      waitForReply: (timeoutMs = DEFAULT_WAIT_MS) =>
        wait(
          () => {
            const original = state.original;
            if (original === null || original.loading) return undefined;
            return this.snapshot(state, original);
          },
          timeoutMs,
          "final reply",
        ),
    };
    return handle;
  }
}
