/**
 * The interaction routes, authorised by the interaction token in the path (discord.js sends them without a
 * bot token) and outside the global rate limit:
 *   POST   /interactions/{id}/{token}/callback[?with_response=true]   → 204, or 200 with the callback response
 *   GET    /webhooks/{application_id}/{token}/messages/@original
 *   PATCH  /webhooks/{application_id}/{token}/messages/@original       → 200 with the message
 *   DELETE /webhooks/{application_id}/{token}/messages/@original       → 204
 *   POST   /webhooks/{application_id}/{token}[?wait=true]              → 200 with the message (wait is implied)
 *   GET|PATCH|DELETE /webhooks/{application_id}/{token}/messages/{message_id}
 */

import { type Handlers, queryFlag, Reply } from "./handler-context.js";

export type InteractionRouteName =
  | "interactionCallback"
  | "getOriginal"
  | "editOriginal"
  | "deleteOriginal"
  | "createFollowup"
  | "getFollowup"
  | "editFollowup"
  | "deleteFollowup";

export const INTERACTION_HANDLERS: Handlers<InteractionRouteName> = {
  interactionCallback: ({ services, params, body, query }) => {
    const [id = "", token = ""] = params;
    const response = services.interactions.callback(
      id,
      token,
      body.json,
      body.files,
      queryFlag(query, "with_response"),
    );
    return response === null ? new Reply(204) : response;
  },
  getOriginal: ({ services, params: [app = "", token = ""] }) =>
    services.interactions.getMessage(app, token, "@original"),
  editOriginal: ({ services, params: [app = "", token = ""], body }) =>
    services.interactions.editMessage(app, token, "@original", body.json, body.files),
  deleteOriginal: ({ services, params: [app = "", token = ""] }) => {
    services.interactions.deleteMessage(app, token, "@original");
    return new Reply(204);
  },
  createFollowup: ({ services, params: [app = "", token = ""], body }) =>
    services.interactions.createFollowup(app, token, body.json, body.files),
  getFollowup: ({ services, params: [app = "", token = "", message = ""] }) =>
    services.interactions.getMessage(app, token, message),
  editFollowup: ({ services, params: [app = "", token = "", message = ""], body }) =>
    services.interactions.editMessage(app, token, message, body.json, body.files),
  deleteFollowup: ({ services, params: [app = "", token = "", message = ""] }) => {
    services.interactions.deleteMessage(app, token, message);
    return new Reply(204);
  },
};
