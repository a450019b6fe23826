/**
 * Validation of application commands as Discord's bulk overwrite does it, issue by issue with Discord's error
 * codes, so a bad definition fails here as it would on Discord (400 50035 with the per-field error tree).
 * Pure. https://discord.com/developers/docs/interactions/application-commands#application-command-object
 *
 * Codes and messages come from Discord's docs and from errors reported by users; where Discord's exact
 * wording is not documented (marked "wording unverified") the code names the rule in Discord's style.
 */

import type { FormIssue } from "./errors.js";

/** https://discord.com/developers/docs/reference#locales */
export const LOCALES: ReadonlySet<string> = new Set([
  "id",
  "da",
  "de",
  "en-GB",
  "en-US",
  "es-ES",
  "es-419",
  "fr",
  "hr",
  "it",
  "lt",
  "hu",
  "nl",
  "no",
  "pl",
  "pt-BR",
  "ro",
  "fi",
  "sv-SE",
  "vi",
  "tr",
  "cs",
  "el",
  "bg",
  "ru",
  "uk",
  "hi",
  "th",
  "zh-CN",
  "ja",
  "zh-TW",
  "ko",
]);

/** CHAT_INPUT command and option names (with the lowercase rule checked apart). */
export const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export const CommandType = { ChatInput: 1, User: 2, Message: 3, PrimaryEntryPoint: 4 } as const;
export const OptionType = {
  SubCommand: 1,
  SubCommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_COMMANDS_PER_TYPE = 100;
const MAX_COMMAND_SIZE = 8000;
const MAX_SAFE = 2 ** 53;

type Path = readonly (string | number)[];
type Issues = FormIssue[];
type Obj = Record<string, unknown>;

const required = (path: Path): FormIssue => ({ path, code: "BASE_TYPE_REQUIRED", message: "This field is required" });
const badLength = (path: Path, min: number, max: number): FormIssue => ({
  path,
  code: "BASE_TYPE_BAD_LENGTH",
  message: `Must be between ${min} and ${max} in length.`,
});
const tooMany = (path: Path, max: number): FormIssue => ({
  path,
  code: "BASE_TYPE_MAX_LENGTH",
  message: `Must be ${max} or fewer in length.`,
});
const choices = (path: Path, values: readonly (string | number)[]): FormIssue => ({
  path,
  code: "BASE_TYPE_CHOICES",
  message: `Value must be one of (${values.map((v) => (typeof v === "string" ? `'${v}'` : v)).join(", ")}).`,
});

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body of PUT .../commands: an array of commands. */
export function validateCommandList(body: unknown): Issues {
  if (!Array.isArray(body)) return [{ path: [], code: "BASE_TYPE_ARRAY", message: "Must be an array." }];
  const issues: Issues = [];
  const seen = new Map<string, number>();
  const perType = new Map<number, number>();
  body.forEach((command, i) => {
    issues.push(...validateCommand(command, [i]));
    if (!isObject(command) || typeof command.name !== "string") return;
    const type = typeof command.type === "number" ? command.type : CommandType.ChatInput;
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${command.name}`;
    if (seen.has(key)) {
      issues.push({
        path: [i, "name"],
        code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
        message: "Application command names must be unique",
      });
    }
    seen.set(key, i);
  });
  for (const [, count] of perType) {
    if (count > MAX_COMMANDS_PER_TYPE) issues.push(tooMany([], MAX_COMMANDS_PER_TYPE));
  }
  return issues;
}

export function validateCommand(command: unknown, path: Path): Issues {
  if (!isObject(command))
    return [{ path, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }];
  const issues: Issues = [];
  const type = command.type ?? CommandType.ChatInput;
  if (![1, 2, 3, 4].includes(type as number)) {
    issues.push(choices([...path, "type"], [1, 2, 3, 4]));
    return issues;
  }
  const chatInput = type === CommandType.ChatInput;
  issues.push(...validateName(command.name, [...path, "name"], chatInput));
  issues.push(
    ...validateLocalizations(command.name_localizations, [...path, "name_localizations"], (v, p) =>
      validateName(v, p, chatInput),
    ),
  );
  if (chatInput) {
    issues.push(...validateDescription(command.description, [...path, "description"]));
    issues.push(
      ...validateLocalizations(command.description_localizations, [...path, "description_localizations"], (v, p) =>
        validateDescription(v, p),
      ),
    );
    if (command.options !== undefined && command.options !== null) {
      issues.push(...validateOptions(command.options, [...path, "options"], "top"));
    }
  } else {
    // USER and MESSAGE commands have an empty description and no options.
    if (command.description !== undefined && command.description !== "" && command.description !== null) {
      issues.push({
        path: [...path, "description"],
        code: "APPLICATION_COMMAND_DESCRIPTION_INVALID",
        message: "Context menu commands cannot have description",
      }); // wording unverified
    }
    if (Array.isArray(command.options) && command.options.length > 0) {
      issues.push({
        path: [...path, "options"],
        code: "APPLICATION_COMMAND_OPTIONS_INVALID",
        message: "Context menu commands cannot have options",
      }); // wording unverified
    }
  }
  if (command.default_member_permissions !== undefined && command.default_member_permissions !== null) {
    if (typeof command.default_member_permissions !== "string" || !/^\d+$/.test(command.default_member_permissions)) {
      issues.push({
        path: [...path, "default_member_permissions"],
        code: "NUMBER_TYPE_COERCE",
        message: `Value "${String(command.default_member_permissions)}" is not int.`,
      });
    }
  }
  if (issues.length === 0 && commandSize(command) > MAX_COMMAND_SIZE) {
    issues.push({
      path,
      code: "APPLICATION_COMMAND_TOO_LARGE",
      message: `Command exceeds maximum size (${MAX_COMMAND_SIZE})`,
    });
  }
  return issues;
}

function validateName(name: unknown, path: Path, chatInput: boolean): Issues {
  if (name === undefined || name === null) return [required(path)];
  if (typeof name !== "string")
    return [{ path, code: "BASE_TYPE_STRING", message: "Could not interpret value as string." }];
  const length = [...name].length;
  if (length < 1 || length > 32) return [badLength(path, 1, 32)];
  // "If there is a lowercase variant of any letters used, you must use those."
  if (chatInput && (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase())) {
    return [{ path, code: "APPLICATION_COMMAND_INVALID_NAME", message: "Command name is invalid" }];
  }
  return [];
}

function validateDescription(description: unknown, path: Path): Issues {
  if (description === undefined || description === null) return [required(path)];
  if (typeof description !== "string")
    return [{ path, code: "BASE_TYPE_STRING", message: "Could not interpret value as string." }];
  const length = [...description].length;
  return length < 1 || length > 100 ? [badLength(path, 1, 100)] : [];
}

/** A localization dictionary: null or an object keyed by Discord's locales, each value valid like the field. */
function validateLocalizations(value: unknown, path: Path, check: (value: unknown, path: Path) => Issues): Issues {
  if (value === undefined || value === null) return [];
  if (!isObject(value))
    return [{ path, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }];
  const issues: Issues = [];
  for (const [locale, text] of Object.entries(value)) {
    if (!LOCALES.has(locale))
      issues.push(choices([...path, locale], [...LOCALES])); // wording unverified
    else issues.push(...check(text, [...path, locale]));
  }
  return issues;
}

type Level = "top" | "group" | "subcommand";

function validateOptions(options: unknown, path: Path, level: Level): Issues {
  if (!Array.isArray(options)) return [{ path, code: "BASE_TYPE_ARRAY", message: "Must be an array." }];
  if (options.length > MAX_OPTIONS) return [tooMany(path, MAX_OPTIONS)];
  const issues: Issues = [];
  const names = new Set<string>();
  let optionalSeen = false;
  const kinds = new Set<"sub" | "value">();
  options.forEach((option, i) => {
    const at = [...path, i];
    if (!isObject(option)) {
      issues.push({ path: at, code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" });
      return;
    }
    const type = option.type;
    if (typeof type !== "number" || !Object.values(OptionType).includes(type as never)) {
      issues.push(type === undefined ? required([...at, "type"]) : choices([...at, "type"], Object.values(OptionType)));
      return;
    }
    const isSub = type === OptionType.SubCommand || type === OptionType.SubCommandGroup;
    kinds.add(isSub ? "sub" : "value");
    // Groups hold subcommands only; subcommands hold plain options only.
    if ((level === "group" && type !== OptionType.SubCommand) || (level === "subcommand" && isSub)) {
      issues.push({
        path: [...at, "type"],
        code: "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
        message: "Invalid option type for this level",
      }); // wording unverified
      return;
    }
    issues.push(...validateName(option.name, [...at, "name"], true));
    issues.push(...validateDescription(option.description, [...at, "description"]));
    issues.push(
      ...validateLocalizations(option.name_localizations, [...at, "name_localizations"], (v, p) =>
        validateName(v, p, true),
      ),
    );
    issues.push(
      ...validateLocalizations(option.description_localizations, [...at, "description_localizations"], (v, p) =>
        validateDescription(v, p),
      ),
    );
    if (typeof option.name === "string") {
      if (names.has(option.name)) {
        issues.push({
          path: [...at, "name"],
          code: "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
          message: "Option names must be unique",
        }); // wording unverified
      }
      names.add(option.name);
    }
    if (isSub) {
      if (option.required !== undefined && option.required !== false) {
        issues.push({
          path: [...at, "required"],
          code: "APPLICATION_COMMAND_OPTION_REQUIRED_INVALID",
          message: "Sub-commands cannot be required",
        }); // wording unverified
      }
      const nextLevel: Level = type === OptionType.SubCommandGroup ? "group" : "subcommand";
      if (option.options !== undefined && option.options !== null)
        issues.push(...validateOptions(option.options, [...at, "options"], nextLevel));
      return;
    }
    if (option.required === true) {
      if (optionalSeen) {
        issues.push({
          path: [...at, "required"],
          code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
          message: "Required options must be placed before non-required options",
        }); // wording unverified
      }
    } else {
      optionalSeen = true;
    }
    issues.push(...validateValueRules(option, at, type));
  });
  if (kinds.size > 1) {
    issues.push({
      path,
      code: "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
      message: "Sub-command and sub-command group option types are mutually exclusive to all other types",
    });
  }
  return issues;
}

/** choices, min/max value, min/max length, autocomplete: each only where Discord allows it. */
function validateValueRules(option: Obj, at: Path, type: number): Issues {
  const issues: Issues = [];
  const numeric = type === OptionType.Integer || type === OptionType.Number;
  const choiceTyped = numeric || type === OptionType.String;
  if (option.choices !== undefined && option.choices !== null) {
    if (!choiceTyped || !Array.isArray(option.choices)) {
      issues.push({
        path: [...at, "choices"],
        code: "APPLICATION_COMMAND_OPTION_CHOICES_INVALID",
        message: "Choices are only allowed for STRING, INTEGER and NUMBER options",
      }); // wording unverified
    } else if (option.choices.length > MAX_CHOICES) {
      issues.push(tooMany([...at, "choices"], MAX_CHOICES));
    } else {
      for (const [c, choice] of (option.choices as unknown[]).entries()) {
        const cp = [...at, "choices", c];
        if (!isObject(choice)) {
          issues.push(required(cp));
          continue;
        }
        issues.push(...validateDescription(choice.name, [...cp, "name"]));
        issues.push(
          ...validateLocalizations(choice.name_localizations, [...cp, "name_localizations"], validateDescription),
        );
        const value = choice.value;
        const fits =
          type === OptionType.String
            ? typeof value === "string" && [...value].length <= 100
            : typeof value === "number" && (type === OptionType.Number || Number.isInteger(value));
        if (!fits)
          issues.push({
            path: [...cp, "value"],
            code: "BASE_TYPE_BAD_VALUE",
            message: "Invalid choice value for this option type",
          }); // wording unverified
      }
      if (option.autocomplete === true) {
        issues.push({
          path: [...at, "autocomplete"],
          code: "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID",
          message: "Autocomplete cannot be set with choices",
        }); // wording unverified
      }
    }
  }
  for (const key of ["min_value", "max_value"] as const) {
    const value = option[key];
    if (value === undefined || value === null) continue;
    if (!numeric) {
      issues.push({
        path: [...at, key],
        code: "BASE_TYPE_BAD_VALUE",
        message: `${key} is only allowed for INTEGER and NUMBER options`,
      }); // wording unverified
    } else if (typeof value !== "number" || (type === OptionType.Integer && !Number.isInteger(value))) {
      issues.push({
        path: [...at, key],
        code: type === OptionType.Integer ? "NUMBER_TYPE_COERCE" : "BASE_TYPE_BAD_VALUE",
        message: `Value "${String(value)}" is not ${type === OptionType.Integer ? "int" : "a number"}.`,
      });
    } else if (Math.abs(value) > MAX_SAFE) {
      issues.push({
        path: [...at, key],
        code: value > 0 ? "NUMBER_TYPE_MAX" : "NUMBER_TYPE_MIN",
        message: `${type === OptionType.Integer ? "int" : "float"} value should be ${value > 0 ? "less" : "greater"} than or equal to ${value > 0 ? "" : "-"}${MAX_SAFE}.`,
      });
    }
  }
  if (
    typeof option.min_value === "number" &&
    typeof option.max_value === "number" &&
    option.min_value > option.max_value
  ) {
    issues.push({
      path: [...at, "max_value"],
      code: "APPLICATION_COMMAND_OPTION_MIN_MAX_INVALID",
      message: "max_value must be greater than or equal to min_value",
    }); // wording unverified
  }
  for (const [key, min] of [
    ["min_length", 0],
    ["max_length", 1],
  ] as const) {
    const value = option[key];
    if (value === undefined || value === null) continue;
    if (type !== OptionType.String) {
      issues.push({
        path: [...at, key],
        code: "BASE_TYPE_BAD_VALUE",
        message: `${key} is only allowed for STRING options`,
      }); // wording unverified
    } else if (typeof value !== "number" || !Number.isInteger(value)) {
      issues.push({ path: [...at, key], code: "NUMBER_TYPE_COERCE", message: `Value "${String(value)}" is not int.` });
    } else if (value < min) {
      issues.push({
        path: [...at, key],
        code: "NUMBER_TYPE_MIN",
        message: `int value should be greater than or equal to ${min}.`,
      });
    } else if (value > 6000) {
      issues.push({
        path: [...at, key],
        code: "NUMBER_TYPE_MAX",
        message: "int value should be less than or equal to 6000.",
      });
    }
  }
  if (option.channel_types !== undefined && option.channel_types !== null && type !== OptionType.Channel) {
    issues.push({
      path: [...at, "channel_types"],
      code: "BASE_TYPE_BAD_VALUE",
      message: "channel_types is only allowed for CHANNEL options",
    }); // wording unverified
  }
  return issues;
}

/**
 * Discord's size rule: names, descriptions and choice names/values of the command and all its options count
 * toward 8000 characters, a localized field by its longest variant.
 */
export function commandSize(command: Obj): number {
  const longest = (value: unknown, localizations: unknown) => {
    let max = typeof value === "string" ? [...value].length : 0;
    if (isObject(localizations)) {
      for (const text of Object.values(localizations))
        if (typeof text === "string") max = Math.max(max, [...text].length);
    }
    return max;
  };
  let size =
    longest(command.name, command.name_localizations) + longest(command.description, command.description_localizations);
  const walk = (options: unknown) => {
    if (!Array.isArray(options)) return;
    for (const option of options) {
      if (!isObject(option)) continue;
      size +=
        longest(option.name, option.name_localizations) + longest(option.description, option.description_localizations);
      if (Array.isArray(option.choices)) {
        for (const choice of option.choices) {
          if (!isObject(choice)) continue;
          size += longest(choice.name, choice.name_localizations) + String(choice.value ?? "").length;
        }
      }
      walk(option.options);
    }
  };
  walk(command.options);
  return size;
}
