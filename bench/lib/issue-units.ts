/**
 * Issue 16 writes its sizes in "MB" without saying which MB, and the Go exporter's 17.9 MB came with the issue, with
 * no record of how it was converted from /proc's kB (git log, bench/: nothing). The bench takes the issue's MB as the
 * SI megabyte, 10^6 bytes: the stricter reading (100 MB = 95.4 MiB), so a goal met here is met under either. What the
 * bench measures it prints in MiB (2^20 bytes): /proc/PID/status's "kB" are KiB.
 */
import { fixed, mib } from "./format.js";

const ISSUE_MB = 1_000_000;

export interface IssueSize {
  /** The figure as the issue writes it, in its MB. */
  issueMb: number;
  bytes: number;
}

export function issueMegabytes(issueMb: number): IssueSize {
  return { issueMb, bytes: issueMb * ISSUE_MB };
}

/** Issue 16's goals in bytes: peak memory during the first count, the same with the bot, database per 10^6 messages. */
export const MEMORY_TARGET = issueMegabytes(100);
export const BOT_MEMORY_TARGET = issueMegabytes(160);
export const STORAGE_TARGET_PER_MILLION = issueMegabytes(40);

/** "≤ 95.4 MiB (issue 16's 100 MB, 10^6 bytes each)" */
export function describeIssueTarget(size: IssueSize): string {
  return `≤ ${mib(size.bytes)} (issue 16's ${fixed(size.issueMb, 0)} MB, 10^6 bytes each)`;
}

/** The report's header line on the issue's units. */
export const ISSUE_UNITS_NOTE =
  "Issue 16's \"MB\" (its targets, and the Go exporter's 17.9 MB, copied from the issue with no record of how it was converted) is taken as 10^6 bytes, the stricter reading: 100 MB = 95.4 MiB, 160 MB = 152.6 MiB, 40 MB = 38.1 MiB.";
