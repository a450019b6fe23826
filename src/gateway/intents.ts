import { GatewayIntentBits } from "discord-api-types/v10";

/** What the one gateway session is for; each feature adds what it needs and nothing privileged by default. */
export interface GatewayFeatures {
  bot: boolean;
  liveUpdates: boolean;
  voiceActivity: boolean;
  /** The only privileged intent (GUILD_MEMBERS); it must be switched on in the developer portal. */
  memberEvents: boolean;
}

/** The settings that switch the features on (Config's fields of the same names). */
export interface GatewayFeatureSettings {
  botEnabled: boolean;
  liveUpdates: boolean;
  voiceActivity: boolean;
  memberEvents: boolean;
}

export function gatewayFeaturesOf(settings: GatewayFeatureSettings): GatewayFeatures {
  return {
    bot: settings.botEnabled,
    liveUpdates: settings.liveUpdates,
    voiceActivity: settings.voiceActivity,
    memberEvents: settings.memberEvents,
  };
}

export function needsGateway(features: GatewayFeatures): boolean {
  return features.bot || features.liveUpdates || features.voiceActivity || features.memberEvents;
}

/**
 * Guilds always (channel and thread events, and the GUILD_CREATE every session starts with); interactions need no
 * intent. https://discord.com/developers/docs/events/gateway#gateway-intents
 */
export function gatewayIntents(features: GatewayFeatures): number {
  let intents = GatewayIntentBits.Guilds;
  if (features.liveUpdates) intents |= GatewayIntentBits.GuildMessages;
  if (features.voiceActivity) intents |= GatewayIntentBits.GuildVoiceStates;
  if (features.memberEvents) intents |= GatewayIntentBits.GuildMembers;
  return intents;
}
