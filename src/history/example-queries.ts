// The queries docs/history.md shows, kept here so a test can run every one of them and check the page quotes them
// verbatim, and scripts/history-examples.ts can print their output. Pure.

export interface HistoryExample {
  /** Also the name of the page's `<!-- output: NAME -->` placeholder. */
  name: string;
  title: string;
  /** No double quotes, $ or backticks: it is pasted into a shell inside double quotes. */
  sql: string;
}

export const HISTORY_EXAMPLES: readonly HistoryExample[] = [
  {
    name: "channel_messages_per_day",
    title: "Messages per day per channel (the last 7 days, threads on their own rows)",
    sql: "SELECT day, channel, parent, is_thread, human, bot, total FROM daily_channel_messages WHERE day >= date('now', '-6 days') ORDER BY day DESC, total DESC;",
  },
  {
    name: "guild_messages_per_week",
    title: "Messages per week per guild (weeks start on Monday)",
    sql: "SELECT week, guild_id, human, bot, total FROM weekly_guild_messages ORDER BY week DESC, guild_id LIMIT 12;",
  },
  {
    name: "guild_messages_per_month",
    title: "Messages per month per guild",
    sql: "SELECT month, guild_id, human, bot, total FROM monthly_guild_messages ORDER BY month DESC, guild_id LIMIT 12;",
  },
  {
    name: "top_channels_30d",
    title: "Top 10 channels of the last 30 days (today included; threads count towards their channel)",
    sql: "SELECT channel, sum(total) AS messages FROM channel_activity WHERE day >= date('now', '-29 days') GROUP BY channel_id ORDER BY messages DESC LIMIT 10;",
  },
  {
    name: "members_per_day",
    title: "Members over time (the day's last sample, and the day's peak of online members)",
    sql: "SELECT day, guild_id, members, online_max FROM daily_members ORDER BY day DESC, guild_id LIMIT 30;",
  },
  {
    name: "member_samples",
    title: "Every member sample of the last day",
    sql: "SELECT sampled_at, guild_id, members, online FROM member_history WHERE sampled_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 day') ORDER BY sampled_at;",
  },
  {
    name: "daily_active_members",
    title: "Daily active members (distinct human authors per UTC day)",
    sql: "SELECT day, guild_id, active_members FROM daily_active_members ORDER BY day DESC, guild_id LIMIT 14;",
  },
  {
    name: "weekly_active_members",
    title: "Weekly active members (distinct over the calendar week, not a sum of days)",
    sql: "SELECT week, guild_id, active_members FROM weekly_active_members ORDER BY week DESC, guild_id LIMIT 8;",
  },
  {
    name: "monthly_active_members",
    title: "Monthly active members (distinct over the calendar month)",
    sql: "SELECT month, guild_id, active_members FROM monthly_active_members ORDER BY month DESC, guild_id LIMIT 12;",
  },
  {
    name: "voice_minutes_per_day",
    title: "Voice minutes per day per channel (the last 7 days, people and bots apart; VOICE_ACTIVITY)",
    sql: "SELECT day, channel, human_minutes, bot_minutes FROM daily_voice WHERE day >= date('now', '-6 days') ORDER BY day DESC, human_minutes DESC;",
  },
  {
    name: "top_voice_channels_30d",
    title: "Top 10 voice channels of the last 30 days (hours, today included)",
    sql: "SELECT channel, round(sum(human_minutes) / 60, 1) AS human_hours, round(sum(bot_minutes) / 60, 1) AS bot_hours FROM daily_voice WHERE day >= date('now', '-29 days') GROUP BY channel_id ORDER BY sum(human_minutes) DESC LIMIT 10;",
  },
  {
    name: "daily_voice_users",
    title: "Daily voice users (distinct people in any voice or stage channel per UTC day)",
    sql: "SELECT day, guild_id, people FROM daily_voice_users ORDER BY day DESC, guild_id LIMIT 14;",
  },
  {
    name: "member_flow_per_day",
    title: "Joins and leaves per day (MEMBER_EVENTS; bots included in the totals, and shown apart)",
    sql: "SELECT day, guild_id, joins, leaves, bot_joins, bot_leaves FROM daily_member_flow ORDER BY day DESC, guild_id LIMIT 14;",
  },
];

export const DOCS_DATABASE_PATH = "data/discord-exporter.db";

export function formatSqliteCommand(example: HistoryExample, databasePath = DOCS_DATABASE_PATH): string {
  return `sqlite3 -header -column ${databasePath} "${example.sql}"`;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A markdown table of a query's result; "(no rows)" for none. */
export function formatMarkdownTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  if (rows.length === 0) return "(no rows)";
  const lines = [
    `| ${columns.map(formatCell).join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(formatCell).join(" | ")} |`),
  ];
  return lines.join("\n");
}

export function outputStartMarker(name: string): string {
  return `<!-- output: ${name} -->`;
}

export function outputEndMarker(name: string): string {
  return `<!-- /output: ${name} -->`;
}

/** An example's output between its markers, as the page holds it; blank lines keep the table a block of its own. */
export function formatOutputBlock(name: string, table: string): string {
  return table === ""
    ? `${outputStartMarker(name)}\n${outputEndMarker(name)}`
    : `${outputStartMarker(name)}\n\n${table}\n\n${outputEndMarker(name)}`;
}

/**
 * Replaces what stands between each example's markers with its new output; markers without an output are left as
 * they are. Running it twice gives the same page.
 */
export function fillOutputBlocks(page: string, tables: ReadonlyMap<string, string>): string {
  let result = page;
  for (const [name, table] of tables) {
    const start = result.indexOf(outputStartMarker(name));
    const end = result.indexOf(outputEndMarker(name), start);
    if (start < 0 || end < 0) continue;
    result = result.slice(0, start) + formatOutputBlock(name, table) + result.slice(end + outputEndMarker(name).length);
  }
  return result;
}
