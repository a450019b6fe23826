/** Discord's JSON error bodies, exactly as the API sends them (discord.js reads `code` from them). */

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: Record<string, { _errors: Array<{ code: string; message: string }> }>;
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
export const missingAccess = () => new ApiError(403, { message: "Missing Access", code: 50001 });
export const wrongChannelType = () =>
  new ApiError(400, { message: "Cannot execute action on this channel type", code: 50024 });

/** 400 50035 with Discord's per-field error tree. */
export function invalidFormBody(field: string, code: string, message: string): ApiError {
  return new ApiError(400, {
    message: "Invalid Form Body",
    code: 50035,
    errors: { [field]: { _errors: [{ code, message }] } },
  });
}
