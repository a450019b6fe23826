/**
 * discord-exporter.yaml text → typed YAML settings, plus one error line per problem. Pure.
 * Values are not range-checked here; see values.ts.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type YAMLError } from "yaml";
import { describeYamlType } from "./describe.js";
import { ENV_NAME_ALIASES, expectedYamlType, YAML_KEYS, type YamlConfig, YamlConfigSchema } from "./schema.js";
import type { YamlKey } from "./settings.js";
import { suggestKey } from "./suggest.js";

export interface ConfigFile {
  /** Shown at the start of every error about the file. */
  readonly path: string;
  readonly text: string;
}

export interface YamlSettings {
  /** Settings from keys that are known and of an acceptable type; the rest are left out. */
  readonly values: YamlConfig;
  readonly errors: string[];
  /** Keys present with the wrong type: "X is required" would be noise on top of that error. */
  readonly invalidKeys: ReadonlySet<YamlKey>;
  /** False when the file is not YAML or not a mapping: nothing can be said about what it was meant to set. */
  readonly usable: boolean;
}

export function readYamlSettings(file: ConfigFile): YamlSettings {
  const broken = (error: string): YamlSettings => ({
    values: {},
    errors: [error],
    invalidKeys: new Set(),
    usable: false,
  });

  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { intAsBigInt: true, prettyErrors: false, lineCounter, uniqueKeys: true });
  // Warnings too (e.g. an unknown !tag, whose value would otherwise be used as plain text).
  // Only the first problem: later ones are usually knock-on effects of it.
  const first = [...doc.errors, ...doc.warnings][0];
  if (first !== undefined) return broken(`${file.path}: not valid YAML (${describeYamlError(first, lineCounter)})`);

  // A list or mapping used as a key ("? [a]") would be stringified, with a warning on stderr.
  const oddKey = isMap(doc.contents) ? doc.contents.items.find((pair) => !isScalar(pair.key)) : undefined;
  if (oddKey !== undefined) {
    const offset = isNode(oddKey.key) ? (oddKey.key.range?.[0] ?? 0) : 0;
    return broken(`${file.path}: not valid YAML (line ${lineCounter.linePos(offset).line}: keys must be plain names)`);
  }

  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // toJS throws on alias bombs ("billion laughs").
    return broken(
      `${file.path}: not valid YAML (${error instanceof Error ? safeMessage(error.message) : "unreadable"})`,
    );
  }
  if (root === null || root === undefined) return { values: {}, errors: [], invalidKeys: new Set(), usable: true };
  if (!isPlainObject(root)) {
    return broken(`${file.path}: must be a mapping of settings (key: value lines), got ${describeYamlType(root)}`);
  }

  const checked = YamlConfigSchema.safeParse(root);
  if (checked.success) return { values: checked.data, errors: [], invalidKeys: new Set(), usable: true };

  const unknown = new Set<string>();
  const invalid = new Set<YamlKey>();
  for (const issue of checked.error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys) unknown.add(key);
    const key = issue.path[0];
    if (isYamlKey(key)) invalid.add(key);
  }

  // Reported in the order the keys appear in the file.
  const errors: string[] = [];
  for (const key of Object.keys(root)) {
    if (unknown.has(key)) {
      const hint = suggestKey(key, YAML_KEYS, ENV_NAME_ALIASES);
      errors.push(`${file.path}: unknown key ${JSON.stringify(key)}${hint ? ` (did you mean "${hint}"?)` : ""}`);
    } else if (isYamlKey(key) && invalid.has(key)) {
      errors.push(`${file.path}: ${key} must be ${expectedYamlType(key)}, got ${describeYamlType(root[key])}`);
    }
  }

  // Keep what is valid so that its values are still checked and the remaining errors still found.
  const rejected = new Set<string>([...unknown, ...invalid]);
  const rest = Object.fromEntries(Object.entries(root).filter(([key]) => !rejected.has(key)));
  const retried = YamlConfigSchema.safeParse(rest);
  return { values: retried.success ? retried.data : {}, errors, invalidKeys: invalid, usable: true };
}

function describeYamlError(error: YAMLError, lineCounter: LineCounter): string {
  const { line } = lineCounter.linePos(error.pos[0]);
  return `line ${line}: ${safeMessage(error.message)}`;
}

/**
 * Some of the yaml library's messages quote the offending source after a colon ("Unexpected scalar
 * token in YAML stream: "..."""). That text could be the token, so everything after the first colon goes.
 */
function safeMessage(message: string): string {
  return (message.split(":")[0] ?? message).split("\n")[0]?.trim() ?? message;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isYamlKey(key: unknown): key is YamlKey {
  return typeof key === "string" && (YAML_KEYS as readonly string[]).includes(key);
}
