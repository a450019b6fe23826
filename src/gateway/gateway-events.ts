/** A dispatch as the gateway sent it (discord.js's raw event): the name and its JSON payload. */
export interface GatewayDispatch {
  t: string;
  d: unknown;
}

/** What the session tells the features that use it. Handlers must not throw; the session guards them anyway. */
export interface GatewayListener {
  /** READY: the application id (commands are registered under it) and the guilds it starts with. */
  onReady?(ready: { applicationId: string; botUserId: string }): void | Promise<void>;
  onDispatch?(dispatch: GatewayDispatch): void;
}

// https://discord.com/developers/docs/topics/opcodes-and-status-codes#gateway-gateway-close-event-codes
const CLOSE_REASONS: Readonly<Record<number, string>> = {
  4004: "Discord rejected the token on the gateway (4004 Authentication failed): check DISCORD_TOKEN",
  4013: "Discord refused the gateway intents (4013 Invalid intent(s))",
  4014: "Discord refused a privileged intent (4014 Disallowed intent(s)): switch on Server Members Intent under Bot → Privileged Gateway Intents in the developer portal, or set MEMBER_EVENTS=false",
};

/** The one line a gateway that will not reconnect is logged with. */
export function describeUnrecoverableClose(code: number): string {
  return CLOSE_REASONS[code] ?? `the gateway closed with code ${code} and will not reconnect`;
}
