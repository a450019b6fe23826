/** Public entry point of the fake Discord: import from "fake-discord/index.js" in tests and benchmarks. */

export type { RequestBody, UploadedFile } from "./body.js";
export type { CommandOption, StoredCommand } from "./commands.js";
export type { FiredInteractionJson, ReplyFileJson, ReplyMessageJson } from "./control-api.js";
export * from "./errors.js";
export type { FaultOptions } from "./faults.js";
export { Close, Intent, Op, type PrivilegedIntentSwitches, shardOf } from "./gateway-protocol.js";
export type {
  ConnectionInfo,
  FakeGateway,
  GatewayEvent,
  GatewayEventKind,
  GatewayOptions,
  WaitOptions,
} from "./gateway-server.js";
export { GATEWAY_PATH, RESUME_PATH } from "./gateway-server.js";
export type { SessionInfo } from "./gateway-session.js";
export { InteractionInputError, type OptionValue, type RawOption } from "./interaction-input.js";
export type {
  FireOptions,
  InteractionEvent,
  InteractionEventKind,
  InteractionHandle,
  InteractionOptions,
  RecordedAttachment,
  RecordedFile,
  RecordedMessage,
} from "./interactions.js";
export * from "./living-guild.js";
export type { JoinsAndLeaves, MemberEvent, MemberFlow } from "./members.js";
export type { PageQuery } from "./message-store.js";
export type { RateLimitOptions, RouteLimit } from "./rate-limiter.js";
export { DEFAULT_GLOBAL_PER_SECOND, DEFAULT_ROUTE_LIMIT } from "./rate-limiter.js";
export * from "./request-log.js";
export { mulberry32, type Rng } from "./rng.js";
export * from "./server.js";
export * from "./snowflake.js";
export {
  splitByUtcDay,
  type VoiceFlags,
  type VoicePeople,
  type VoiceSeconds,
  type VoiceStateRecord,
} from "./voice-state.js";
export * from "./world.js";
export type { WorldChange, WorldListener } from "./world-events.js";
export * from "./world-types.js";
