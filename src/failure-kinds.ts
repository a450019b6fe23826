/**
 * The kinds a failure is reported as: a channel's failures (counter/channel-lifecycle.ts) and the failed operations
 * outside any one channel alike. One list, shared by the counter and the metrics (which lists every series from the
 * start), so a new kind cannot be counted without a series. The Discord layer's kinds (discord/errors.ts) are among
 * them: the counter assigns one to the other, and the compiler checks the fit.
 */
export const FAILURE_KINDS = [
  "forbidden",
  "unreadable",
  "not_found",
  "transient",
  "fatal",
  "unauthorized",
  "internal",
] as const;

export type FailureKind = (typeof FAILURE_KINDS)[number];
