/** Public entry point of the fake Discord: import from "fake-discord/index.js" in tests and benchmarks. */

export * from "./errors.js";
export type { FaultOptions } from "./faults.js";
export * from "./living-guild.js";
export type { PageQuery } from "./message-store.js";
export type { RateLimitOptions, RouteLimit } from "./rate-limiter.js";
export { DEFAULT_GLOBAL_PER_SECOND, DEFAULT_ROUTE_LIMIT } from "./rate-limiter.js";
export * from "./request-log.js";
export { mulberry32, type Rng } from "./rng.js";
export * from "./server.js";
export * from "./snowflake.js";
export * from "./world.js";
export * from "./world-types.js";
