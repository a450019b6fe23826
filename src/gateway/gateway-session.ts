// The process's one gateway session: a discord.js Client, started only when a feature needs it. It is a doorbell
// (MESSAGE_CREATE, channel changes, voice states) and the bot's line (interactions); counting never depends on it:
// every failure here is logged and shown in discord_exporter_gateway_up, and the REST counter carries on.
import type { ChatInputCommandInteraction, Client, ClientOptions } from "discord.js";
import type { Logger } from "../log.js";
import { describeUnrecoverableClose, type GatewayListener } from "./gateway-events.js";
import { type GatewayFeatures, gatewayIntents } from "./intents.js";

export interface GatewaySessionOptions {
  token: string;
  /** DISCORD_API_URL: the client fetches the gateway URL from GET /gateway/bot there. */
  apiUrl: string;
  features: GatewayFeatures;
  log: Logger;
  /** 1 while the session is connected and identified, 0 otherwise. */
  setGatewayUp: (up: boolean) => void;
  listeners: readonly GatewayListener[];
  onInteraction?: (interaction: ChatInputCommandInteraction) => void;
  /** discord.js tuning for tests (e.g. its identify throttle); production passes nothing. */
  clientOptions?: Partial<ClientOptions>;
}

export interface GatewaySession {
  /** The bot answers through it (its REST client sends the interaction callbacks). */
  readonly client: Client;
  stop(): Promise<void>;
}

export async function startGatewaySession(options: GatewaySessionOptions): Promise<GatewaySession> {
  // Loaded only here: REST-only exporters never pay discord.js's ~12 MB. discord.js is CommonJS: its exports are the
  // module's default export, under Node and in the build alike (a bundle's dynamic import of CommonJS has only that).
  const { Client, Events, Options } = commonJsExports(await import("discord.js"));
  const { log, setGatewayUp } = options;
  const client = new Client({
    intents: gatewayIntents(options.features),
    rest: { api: options.apiUrl },
    // The exporter reads the history from SQLite, not from discord.js's caches: keep what discord.js itself needs.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildMemberManager: { maxSize: 1, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: { maxSize: 1, keepOverLimit: (user) => user.id === user.client.user.id },
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
      GuildInviteManager: 0,
      GuildBanManager: 0,
      GuildMessageManager: 0,
    }),
    ...options.clientOptions,
  });

  const guard = (what: string, run: () => unknown) => {
    try {
      const result = run();
      if (result instanceof Promise) result.catch((error: unknown) => log.error({ err: error }, `${what} failed`));
    } catch (error) {
      log.error({ err: error }, `${what} failed`);
    }
  };

  client.on(Events.ShardReady, () => {
    setGatewayUp(true);
    log.info({ user: client.user?.username }, "gateway connected");
    const applicationId = client.application?.id ?? client.user?.id;
    const botUserId = client.user?.id;
    if (applicationId === undefined || botUserId === undefined) return;
    for (const listener of options.listeners) {
      if (listener.onReady) guard("gateway READY handler", () => listener.onReady?.({ applicationId, botUserId }));
    }
  });
  client.on(Events.ShardResume, () => {
    setGatewayUp(true);
    log.info("gateway session resumed");
  });
  client.on(Events.ShardReconnecting, () => {
    setGatewayUp(false);
    log.warn("gateway connection lost; discord.js is reconnecting (the next sync catches up on what was missed)");
  });
  let refused = false;
  client.on(Events.ShardDisconnect, (event) => {
    refused = true;
    setGatewayUp(false);
    log.error({ code: event.code }, `${describeUnrecoverableClose(event.code)}; counting goes on over REST`);
  });
  client.on(Events.ShardError, (error) => {
    // A refusal (4004, 4014) is said once, by the disconnect that follows it.
    if (refusalOf(error) === null) log.warn({ err: error }, "gateway connection error");
  });
  client.on(Events.Error, (error) => log.error({ err: error }, "gateway client error"));
  client.on(Events.Raw, (packet: { t?: string | null; d?: unknown }) => {
    const t = packet.t;
    if (typeof t !== "string") return;
    for (const listener of options.listeners) {
      if (listener.onDispatch) guard(`gateway ${t} handler`, () => listener.onDispatch?.({ t, d: packet.d }));
    }
  });
  const onInteraction = options.onInteraction;
  if (onInteraction) {
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) guard("interaction handler", () => onInteraction(interaction));
    });
  }

  setGatewayUp(false);
  // Not awaited to the end: a gateway that cannot connect must not hold up the exporter's start.
  client.login(options.token).catch((error: unknown) => {
    setGatewayUp(false);
    if (refused) return;
    const text = refusalOf(error) ?? (error instanceof Error ? error.message : String(error));
    log.error({ err: error }, `the gateway could not connect: ${text}; counting goes on over REST`);
  });
  return {
    client,
    async stop() {
      setGatewayUp(false);
      await client.destroy();
    },
  };
}

/** The one line for a refusal discord.js reports as an error (its text, not a close code), or null. */
function refusalOf(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  if (/disallowed intents|privileged intent/i.test(message)) return describeUnrecoverableClose(4014);
  if (/invalid intents/i.test(message)) return describeUnrecoverableClose(4013);
  if (/token/i.test(message)) return describeUnrecoverableClose(4004);
  return null;
}

/**
 * A CommonJS package's exports from its dynamic import: Node gives both the named exports and `default`; a bundle of
 * it (scripts/build-dist.mjs) gives `default` only, which the package's typings do not declare.
 */
function commonJsExports<T extends object>(namespace: T): T {
  return (namespace as T & { default?: T }).default ?? namespace;
}
