/**
 * What a user typing a slash command produces: the command's `data` (its option tree with typed values, and
 * `resolved` users/channels/roles) as Discord's client and API build it from the registered definition.
 * Discord's client refuses missing required options, values outside choices or min/max, and unknown options;
 * the fake does the same unless `unchecked` (to test a bot's own validation, as the notes advise).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object-application-command-data-structure
 */

import type { CommandOption, StoredCommand } from "./commands.js";
import { OptionType } from "./commands-validation.js";
import { botChannelPermissions, EVERYONE_PERMISSIONS } from "./permissions.js";
import { discordTimestamp } from "./snowflake.js";
import { type Json, type JsonObject, memberJson, userJson } from "./serialize.js";
import type { World } from "./world.js";
import type { ChannelView } from "./world-types.js";

export type OptionValue = string | number | boolean;

/** An option as Discord sends it; `type` may be left out here and is filled from the definition. */
export interface RawOption {
  name: string;
  type?: number;
  value?: OptionValue;
  options?: RawOption[];
  focused?: boolean;
}

export class InteractionInputError extends Error {}

/**
 * The option tree for `path` ("stats", "stats members", "stats group sub") and leaf `values` by name, against
 * the registered command. Strings are coerced as the option's type says ("30" → 30 for INTEGER).
 */
export function buildOptions(
  command: StoredCommand | null,
  path: readonly string[],
  values: Record<string, OptionValue> | RawOption[] | undefined,
  unchecked: boolean,
): RawOption[] {
  const definitions = command?.options ?? [];
  if (Array.isArray(values)) return fillTypes(values, definitions);
  const [, ...subPath] = path;
  let level = definitions;
  const wrappers: Array<{ name: string; type: number }> = [];
  for (const word of subPath) {
    const next = level.find(
      (o) => o.name === word && (o.type === OptionType.SubCommand || o.type === OptionType.SubCommandGroup),
    );
    if (next === undefined) {
      if (!unchecked)
        throw new InteractionInputError(`/${path.join(" ")}: no subcommand "${word}" (has: ${subcommandNames(level)})`);
      wrappers.push({
        name: word,
        type: wrappers.length === 0 && subPath.length === 2 ? OptionType.SubCommandGroup : OptionType.SubCommand,
      });
      level = [];
      continue;
    }
    wrappers.push({ name: next.name, type: next.type });
    level = next.options ?? [];
  }
  if (!unchecked && level.some((o) => o.type === OptionType.SubCommand || o.type === OptionType.SubCommandGroup)) {
    throw new InteractionInputError(`/${path.join(" ")} needs a subcommand: ${subcommandNames(level)}`);
  }
  const leaves = leafOptions(level, values ?? {}, unchecked, path.join(" "));
  let tree: RawOption[] = leaves;
  for (const wrapper of wrappers.reverse()) tree = [{ name: wrapper.name, type: wrapper.type, options: tree }];
  return tree;
}

function subcommandNames(level: readonly CommandOption[]): string {
  return (
    level
      .filter((o) => o.type === OptionType.SubCommand || o.type === OptionType.SubCommandGroup)
      .map((o) => o.name)
      .join(", ") || "none"
  );
}

function leafOptions(
  definitions: readonly CommandOption[],
  values: Record<string, OptionValue>,
  unchecked: boolean,
  where: string,
): RawOption[] {
  const out: RawOption[] = [];
  for (const name of Object.keys(values)) {
    if (!unchecked && !definitions.some((d) => d.name === name)) {
      throw new InteractionInputError(
        `/${where}: no option "${name}" (has: ${definitions.map((d) => d.name).join(", ") || "none"})`,
      );
    }
  }
  if (!unchecked) {
    const missing = definitions.filter((d) => d.required && values[d.name] === undefined).map((d) => d.name);
    if (missing.length > 0)
      throw new InteractionInputError(`/${where}: missing required option(s) ${missing.join(", ")}`);
  }
  // The client sends options in the definition's order; extra (unchecked) ones after.
  const ordered = [
    ...definitions.filter((d) => values[d.name] !== undefined).map((d) => d.name),
    ...Object.keys(values).filter((n) => !definitions.some((d) => d.name === n)),
  ];
  for (const name of ordered) {
    const raw = values[name];
    if (raw === undefined) continue;
    const definition = definitions.find((d) => d.name === name);
    const type = definition?.type ?? inferType(raw);
    const value = coerce(raw, type, name, unchecked);
    if (!unchecked && definition !== undefined) checkValue(definition, value, where);
    out.push({ name, type, value });
  }
  return out;
}

function inferType(value: OptionValue): number {
  if (typeof value === "boolean") return OptionType.Boolean;
  if (typeof value === "number") return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

function coerce(raw: OptionValue, type: number, name: string, unchecked: boolean): OptionValue {
  const fail = () => {
    if (unchecked) return raw;
    throw new InteractionInputError(`option "${name}": ${JSON.stringify(raw)} is not a valid ${typeName(type)}`);
  };
  switch (type) {
    case OptionType.Integer: {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? n : fail();
    }
    case OptionType.Number: {
      const n = typeof raw === "number" ? raw : Number(String(raw).trim());
      return Number.isFinite(n) ? n : fail();
    }
    case OptionType.Boolean:
      if (typeof raw === "boolean") return raw;
      if (raw === "true") return true;
      if (raw === "false") return false;
      return fail();
    default:
      return String(raw);
  }
}

function typeName(type: number): string {
  return Object.entries(OptionType).find(([, v]) => v === type)?.[0] ?? `type ${type}`;
}

/** The checks Discord's client makes before sending: choices, min/max value, min/max length. */
function checkValue(definition: CommandOption, value: OptionValue, where: string): void {
  const fail = (why: string) => {
    throw new InteractionInputError(`/${where}: option "${definition.name}" ${why}`);
  };
  if (
    definition.choices !== undefined &&
    definition.choices.length > 0 &&
    !definition.choices.some((c) => c.value === value)
  ) {
    fail(`must be one of ${definition.choices.map((c) => JSON.stringify(c.value)).join(", ")}`);
  }
  if (typeof value === "number") {
    if (definition.min_value !== undefined && value < definition.min_value)
      fail(`must be at least ${definition.min_value}`);
    if (definition.max_value !== undefined && value > definition.max_value)
      fail(`must be at most ${definition.max_value}`);
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (definition.min_length !== undefined && length < definition.min_length)
      fail(`must be at least ${definition.min_length} characters`);
    if (definition.max_length !== undefined && length > definition.max_length)
      fail(`must be at most ${definition.max_length} characters`);
  }
}

function fillTypes(options: RawOption[], definitions: readonly CommandOption[]): RawOption[] {
  return options.map((option) => {
    const definition = definitions.find((d) => d.name === option.name);
    const filled: RawOption = { ...option, type: option.type ?? definition?.type ?? inferType(option.value ?? "") };
    if (option.options !== undefined) filled.options = fillTypes(option.options, definition?.options ?? []);
    return filled;
  });
}

/** Leaf options of a tree (inside subcommands and groups). */
function leaves(options: readonly RawOption[]): RawOption[] {
  return options.flatMap((o) => (o.options !== undefined ? leaves(o.options) : [o]));
}

/**
 * `resolved` for USER, MENTIONABLE, CHANNEL and ROLE values: the users with their (partial) members, partial
 * channels with the invoker's and the app's permissions, roles. Unknown ids are left out, as Discord would
 * never let a user pick them.
 */
export function resolvedData(world: World, guildId: string, options: readonly RawOption[]): JsonObject | null {
  const users: JsonObject = {};
  const members: JsonObject = {};
  const channels: JsonObject = {};
  const roles: JsonObject = {};
  for (const option of leaves(options)) {
    const id = String(option.value ?? "");
    if (option.type === OptionType.User || option.type === OptionType.Mentionable) {
      const user = world.user(id);
      if (user !== undefined) {
        users[id] = userJson(user);
        if (world.isMember(guildId, id)) {
          const { user: _user, deaf: _deaf, mute: _mute, ...partial } = memberJson(world, guildId, user);
          members[id] = { ...partial, permissions: memberPermissions(world, guildId, id) };
        }
      }
    }
    if ((option.type === OptionType.Role || option.type === OptionType.Mentionable) && id === guildId) {
      roles[id] = {
        id,
        name: "@everyone",
        permissions: EVERYONE_PERMISSIONS.toString(),
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      };
    }
    if (option.type === OptionType.Channel) {
      const channel = world.channel(id);
      if (channel !== undefined && !channel.deleted && channel.guildId === guildId)
        channels[id] = partialChannelJson(world, channel);
    }
  }
  const out: JsonObject = {};
  if (Object.keys(users).length > 0) out.users = users;
  if (Object.keys(members).length > 0) out.members = members;
  if (Object.keys(channels).length > 0) out.channels = channels;
  if (Object.keys(roles).length > 0) out.roles = roles;
  return Object.keys(out).length > 0 ? out : null;
}

/** The invoker's permissions: everything for the owner, @everyone's for others. */
export function memberPermissions(world: World, guildId: string, userId: string): string {
  return world.guild(guildId)?.ownerId === userId ? ((1n << 51n) - 1n).toString() : EVERYONE_PERMISSIONS.toString();
}

/** Discord's partial channel in interactions (never obfuscated: interactions bypass obfuscation). */
export function partialChannelJson(world: World, channel: ChannelView): JsonObject {
  const permissionsFrom = channel.thread === null ? channel : (world.channel(channel.parentId ?? "") ?? channel);
  const json: JsonObject = {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    guild_id: channel.guildId,
    parent_id: channel.parentId,
    position: channel.position,
    flags: 0,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: channel.type === 4 ? null : world.lastMessageId(channel.id),
    permissions: EVERYONE_PERMISSIONS.toString(),
    app_permissions: botChannelPermissions(permissionsFrom).toString(),
  };
  if (channel.thread !== null) {
    json.thread_metadata = {
      archived: channel.thread.archived,
      archive_timestamp: discordTimestamp(channel.thread.archiveTimestampMs),
      auto_archive_duration: channel.thread.autoArchiveDuration,
      locked: channel.thread.locked,
    } satisfies Json;
  } else if (channel.type !== 2 && channel.type !== 4 && channel.type !== 13) {
    json.topic = null;
  }
  return json;
}
