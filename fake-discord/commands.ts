/**
 * The application's registered commands, global and per guild, as Discord keeps them: a bulk overwrite
 * replaces the list, keeping the id (and bumping the version only on change) of a command with the same name
 * and type. Validation is in commands-validation.ts.
 */

import { formErrors } from "./errors.js";
import { CommandType, validateCommandList } from "./commands-validation.js";
import type { Json, JsonObject } from "./serialize.js";
import type { World } from "./world.js";

/** A command option as registered (the subset of fields the fake reads back). */
export interface CommandOption {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly choices?: ReadonlyArray<{ readonly name: string; readonly value: string | number }>;
  readonly options?: readonly CommandOption[];
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly channel_types?: readonly number[];
}

export interface StoredCommand {
  readonly id: string;
  readonly guildId: string | null;
  readonly name: string;
  readonly type: number;
  readonly version: string;
  readonly options: readonly CommandOption[];
  /** The command object as Discord answers it (with localization dictionaries). */
  readonly json: JsonObject;
}

/** Fields Discord returns on every command even when not sent. */
const DEFAULTS: JsonObject = {
  default_member_permissions: null,
  nsfw: false,
  contexts: null,
  integration_types: [0],
};

export class CommandRegistry {
  private readonly lists = new Map<string, StoredCommand[]>();

  constructor(private readonly world: World) {}

  /** PUT .../commands: validate all (400 50035 on any issue), then replace the list. */
  overwrite(guildId: string | null, body: unknown): StoredCommand[] {
    const issues = validateCommandList(body);
    if (issues.length > 0) throw formErrors(issues);
    const previous = this.list(guildId);
    const next = (body as JsonObject[]).map((raw) => {
      const type = typeof raw.type === "number" ? raw.type : CommandType.ChatInput;
      const name = String(raw.name);
      const old = previous.find((c) => c.name === name && c.type === type);
      const definition = normalize(raw, type);
      const same = old !== undefined && JSON.stringify(definition) === JSON.stringify(stripIds(old.json));
      const id = old?.id ?? this.world.allocateId();
      const version = same && old !== undefined ? old.version : this.world.allocateId();
      const json: JsonObject = {
        id,
        application_id: this.world.applicationId,
        version,
        ...definition,
        ...(guildId === null ? {} : { guild_id: guildId }),
      };
      const options = Array.isArray(definition.options) ? (definition.options as unknown as CommandOption[]) : [];
      return { id, guildId, name, type, version, options, json };
    });
    this.lists.set(key(guildId), next);
    return next;
  }

  list(guildId: string | null): StoredCommand[] {
    return this.lists.get(key(guildId)) ?? [];
  }

  /** The command a user would pick in a guild: the guild's own, else a global one. */
  find(guildId: string, name: string, type: number = CommandType.ChatInput): StoredCommand | undefined {
    const match = (c: StoredCommand) => c.name === name && c.type === type;
    return this.list(guildId).find(match) ?? this.list(null).find(match);
  }
}

function key(guildId: string | null): string {
  return guildId ?? "global";
}

/** What Discord stores of a definition: known fields, defaults filled, `type` explicit. */
function normalize(raw: JsonObject, type: number): JsonObject {
  const out: JsonObject = { type, name: raw.name ?? "", description: raw.description ?? "" };
  for (const field of ["name_localizations", "description_localizations"]) {
    if (raw[field] !== undefined) out[field] = raw[field] ?? null;
  }
  if (type === CommandType.ChatInput && Array.isArray(raw.options) && raw.options.length > 0) out.options = raw.options;
  for (const [field, fallback] of Object.entries(DEFAULTS)) out[field] = raw[field] ?? fallback;
  if (raw.dm_permission !== undefined) out.dm_permission = raw.dm_permission;
  return out;
}

function stripIds(json: JsonObject): JsonObject {
  const { id: _id, application_id: _app, version: _version, guild_id: _guild, ...rest } = json;
  return rest;
}

/**
 * A command as GET list endpoints answer it: without `with_localizations=true` Discord drops the dictionaries
 * and adds `name_localized` / `description_localized` for the requester's locale (X-Discord-Locale).
 */
export function listedCommandJson(
  command: StoredCommand,
  withLocalizations: boolean,
  locale: string | null,
): JsonObject {
  if (withLocalizations) return command.json;
  return localized(command.json, locale) as JsonObject;
}

function localized(value: Json, locale: string | null): Json {
  if (Array.isArray(value)) return value.map((v) => localized(v, locale));
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = {};
  for (const [field, inner] of Object.entries(value)) {
    if (field === "name_localizations" || field === "description_localizations") {
      const text =
        locale !== null && inner !== null && typeof inner === "object" && !Array.isArray(inner)
          ? inner[locale]
          : undefined;
      if (typeof text === "string")
        out[field === "name_localizations" ? "name_localized" : "description_localized"] = text;
      continue;
    }
    out[field] = localized(inner, locale);
  }
  return out;
}
