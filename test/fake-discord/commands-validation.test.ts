import { describe, expect, it } from "vitest";
import { commandSize, validateCommandList } from "../../fake-discord/commands-validation.js";

const ok = { name: "stats", description: "Statistics" };

/** [what, body, the issues Discord reports: path → code]. */
const BAD: Array<[string, unknown, Record<string, string>]> = [
  ["not an array", { name: "x" }, { "": "BASE_TYPE_ARRAY" }],
  ["a missing name", [{ description: "d" }], { "0.name": "BASE_TYPE_REQUIRED" }],
  ["an upper-case name", [{ name: "Stats", description: "d" }], { "0.name": "APPLICATION_COMMAND_INVALID_NAME" }],
  ["a name with a space", [{ name: "my stats", description: "d" }], { "0.name": "APPLICATION_COMMAND_INVALID_NAME" }],
  ["a 33-character name", [{ name: "a".repeat(33), description: "d" }], { "0.name": "BASE_TYPE_BAD_LENGTH" }],
  ["an empty description", [{ name: "x", description: "" }], { "0.description": "BASE_TYPE_BAD_LENGTH" }],
  [
    "a 101-character description",
    [{ name: "x", description: "d".repeat(101) }],
    { "0.description": "BASE_TYPE_BAD_LENGTH" },
  ],
  ["an unknown type", [{ ...ok, type: 9 }], { "0.type": "BASE_TYPE_CHOICES" }],
  [
    "26 options",
    [{ ...ok, options: Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: "d" })) }],
    { "0.options": "BASE_TYPE_MAX_LENGTH" },
  ],
  [
    "an unknown option type",
    [{ ...ok, options: [{ type: 12, name: "o", description: "d" }] }],
    { "0.options.0.type": "BASE_TYPE_CHOICES" },
  ],
  [
    "an invalid localization key",
    [{ ...ok, description_localizations: { japanese: "統計" } }],
    { "0.description_localizations.japanese": "BASE_TYPE_CHOICES" },
  ],
  [
    "an invalid localized name",
    [{ ...ok, name_localizations: { ja: "統 計" } }],
    { "0.name_localizations.ja": "APPLICATION_COMMAND_INVALID_NAME" },
  ],
  [
    "min_value above max_value",
    [{ ...ok, options: [{ type: 4, name: "days", description: "d", min_value: 10, max_value: 1 }] }],
    { "0.options.0.max_value": "APPLICATION_COMMAND_OPTION_MIN_MAX_INVALID" },
  ],
  [
    "a fractional min_value on an INTEGER",
    [{ ...ok, options: [{ type: 4, name: "days", description: "d", min_value: 1.5 }] }],
    { "0.options.0.min_value": "NUMBER_TYPE_COERCE" },
  ],
  [
    "max_length on an INTEGER",
    [{ ...ok, options: [{ type: 4, name: "days", description: "d", max_length: 3 }] }],
    { "0.options.0.max_length": "BASE_TYPE_BAD_VALUE" },
  ],
  [
    "a required option after an optional one",
    [
      {
        ...ok,
        options: [
          { type: 3, name: "a", description: "d" },
          { type: 3, name: "b", description: "d", required: true },
        ],
      },
    ],
    { "0.options.1.required": "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID" },
  ],
  [
    "subcommands mixed with options",
    [
      {
        ...ok,
        options: [
          { type: 1, name: "a", description: "d" },
          { type: 3, name: "b", description: "d" },
        ],
      },
    ],
    { "0.options": "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID" },
  ],
  ["two commands with the same name and type", [ok, ok], { "1.name": "APPLICATION_COMMANDS_DUPLICATE_NAME" }],
  [
    "over 8000 characters in all",
    [
      {
        ...ok,
        options: Array.from({ length: 25 }, (_, i) => ({
          type: 3,
          name: `o${i}`,
          description: "d".repeat(100),
          choices: Array.from({ length: 25 }, (_, c) => ({ name: `c${c}`.padEnd(100, "x"), value: `v${c}` })),
        })),
      },
    ],
    { "0": "APPLICATION_COMMAND_TOO_LARGE" },
  ],
];

describe("validateCommandList", () => {
  for (const [what, body, expected] of BAD) {
    it(`refuses ${what}`, () => {
      const got = Object.fromEntries(validateCommandList(body).map((i) => [i.path.join("."), i.code]));
      expect(got).toEqual(expected);
    });
  }

  it("accepts what discord.js sends for a command with subcommands, choices, bounds and localizations", () => {
    const issues = validateCommandList([
      {
        name: "stats",
        description: "Statistics",
        name_localizations: { ja: "統計", "en-US": "stats" },
        options: [
          {
            type: 1,
            name: "members",
            description: "Members",
            options: [
              { type: 4, name: "days", description: "Days", required: true, min_value: 1, max_value: 365 },
              {
                type: 3,
                name: "period",
                description: "Period",
                required: false,
                choices: [{ name: "Week", value: "week" }],
              },
            ],
          },
          { type: 2, name: "group", description: "G", options: [{ type: 1, name: "sub", description: "S" }] },
        ],
        default_member_permissions: null,
        dm_permission: undefined,
      },
      { name: "Report Message", type: 3, description: "" },
      { name: "ping", description: "Pong" },
    ]);
    expect(issues).toEqual([]);
  });

  it("counts a localized field by its longest variant", () => {
    expect(commandSize({ name: "ab", description: "cd", name_localizations: { ja: "abcdef" } })).toBe(8);
  });
});
