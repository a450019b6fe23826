/** Discord's JSON error bodies, exactly as the API sends them (discord.js reads `code` from them). */

/** One field's problems: `{ "code": "BASE_TYPE_REQUIRED", "message": "This field is required" }`. */
export interface FieldError {
  code: string;
  message: string;
}

/**
 * Discord's per-field error tree: nested objects keyed by field name or array index, `_errors` at the leaves.
 * https://discord.com/developers/docs/reference#error-messages
 */
export interface ErrorTree {
  _errors?: FieldError[];
  [key: string]: ErrorTree | FieldError[] | undefined;
}

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: ErrorTree;
}

/** Thrown by route handlers; the server turns it into a response. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(body.message);
  }
}

export const unauthorized = () => new ApiError(401, { message: "401: Unauthorized", code: 0 });
export const notFound = () => new ApiError(404, { message: "404: Not Found", code: 0 });
export const methodNotAllowed = () => new ApiError(405, { message: "405: Method Not Allowed", code: 0 });
export const unknownChannel = () => new ApiError(404, { message: "Unknown Channel", code: 10003 });
export const unknownGuild = () => new ApiError(404, { message: "Unknown Guild", code: 10004 });
export const unknownMessage = () => new ApiError(404, { message: "Unknown Message", code: 10008 });
export const unknownWebhook = () => new ApiError(404, { message: "Unknown Webhook", code: 10015 });
export const unknownInteraction = () => new ApiError(404, { message: "Unknown interaction", code: 10062 });
export const unknownApplicationCommand = () =>
  new ApiError(404, { message: "Unknown application command", code: 10063 });
export const missingAccess = () => new ApiError(403, { message: "Missing Access", code: 50001 });
export const wrongChannelType = () =>
  new ApiError(400, { message: "Cannot execute action on this channel type", code: 50024 });
/** Expired or never-valid interaction tokens on the webhook routes (a token lives 15 minutes). */
export const invalidWebhookToken = () => new ApiError(401, { message: "Invalid Webhook Token", code: 50027 });
export const alreadyAcknowledged = () =>
  new ApiError(400, { message: "Interaction has already been acknowledged.", code: 40060 });
export const emptyMessage = () => new ApiError(400, { message: "Cannot send an empty message", code: 50006 });
export const entityTooLarge = () => new ApiError(413, { message: "Request entity too large", code: 40005 });
export const invalidJson = () => new ApiError(400, { message: "The request body contains invalid JSON.", code: 50109 });

/** 400 50035 with Discord's per-field error tree, for one field. */
export function invalidFormBody(field: string, code: string, message: string): ApiError {
  return formErrors([{ path: [field], code, message }]);
}

/** A problem at a path into the request body, e.g. ["0", "options", "2", "name"]. */
export interface FormIssue {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

/** 400 50035 "Invalid Form Body" with every issue placed in the error tree (an empty path is the body itself). */
export function formErrors(issues: readonly FormIssue[]): ApiError {
  return new ApiError(400, { message: "Invalid Form Body", code: 50035, errors: errorTree(issues) });
}

export function errorTree(issues: readonly FormIssue[]): ErrorTree {
  const root: ErrorTree = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path) {
      const existing = node[String(key)];
      let child: ErrorTree;
      if (existing === undefined || Array.isArray(existing)) {
        child = {};
        node[String(key)] = child;
      } else {
        child = existing;
      }
      node = child;
    }
    node._errors ??= [];
    node._errors.push({ code: issue.code, message: issue.message });
  }
  return root;
}
