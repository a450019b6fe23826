/** What the fake saw: one entry per request, for tests to count calls (e.g. "no re-fetch of old pages"). */

export interface RequestLogEntry {
  method: string;
  /** Path after /api/v10, percent-decoded, without the query, e.g. "/channels/123…/messages". */
  path: string;
  /** Route template, e.g. "/channels/:id/messages". */
  route: string;
  query: Record<string, string>;
  /** HTTP status; 0 when the fake reset the connection or never answered. */
  status: number;
  /** Date.now() when the request arrived. */
  at: number;
  /** Set when an injected fault decided the outcome. */
  fault?: "hang" | "reset" | "forced429" | "error";
}

export interface RequestFilter {
  method?: string;
  route?: string;
  pathPrefix?: string;
  status?: number;
}

export function filterRequests(log: readonly RequestLogEntry[], filter: RequestFilter = {}): RequestLogEntry[] {
  return log.filter(
    (e) =>
      (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
      (filter.route === undefined || e.route === filter.route) &&
      (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)) &&
      (filter.status === undefined || e.status === filter.status),
  );
}

export function countRequests(log: readonly RequestLogEntry[], filter: RequestFilter = {}): number {
  return filterRequests(log, filter).length;
}
