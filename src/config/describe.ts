/**
 * How a user-supplied value is shown in an error message: quoted, on one line, short, and never a
 * secret. Pure.
 */

const MAX_SHOWN = 60;

// Three base64url segments joined by dots: the shape of a Discord bot token. A token pasted into the
// wrong variable (DISCORD_GUILD_ID and DISCORD_TOKEN swapped) must not end up in logs via an error.
const TOKEN_SHAPE = /[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/;

export function looksLikeDiscordToken(text: string): boolean {
  return TOKEN_SHAPE.test(text);
}

/** `"70000"`; JSON quoting keeps newlines and quotes from breaking the one-line-per-error rule. */
export function quoteValue(text: string): string {
  if (looksLikeDiscordToken(text)) return "a value that looks like a Discord token (not shown)";
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}...` : text;
  return JSON.stringify(shown);
}

/** Names a parsed YAML value's type without showing it ("a list", "a number"). */
export function describeYamlType(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (Array.isArray(value)) {
    const odd = value.find((item) => typeof item !== "string" && typeof item !== "bigint");
    return odd === undefined ? "a list" : `a list containing ${describeYamlType(odd)}`;
  }
  switch (typeof value) {
    case "string":
      return "a string";
    case "bigint":
      return "a number";
    case "number":
      // YAML integers are read as bigint, so a plain number had a fraction or exponent.
      return "a non-integer number";
    case "boolean":
      return "a boolean";
    case "object":
      return "a mapping";
    default:
      return `a ${typeof value}`;
  }
}

/** Replaces each secret (long enough to be one) wherever it appears: the last line of defence. */
export function redact(lines: readonly string[], secrets: readonly string[]): string[] {
  // Short strings could match ordinary words in a message; real tokens are ~70 characters.
  const real = secrets.filter((secret) => secret.length >= 8);
  return lines.map((line) => real.reduce((text, secret) => text.split(secret).join("[redacted]"), line));
}
