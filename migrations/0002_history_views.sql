-- Read-only views for querying the history by hand (docs/history.md); no table changes.
-- Days are UTC YYYY-MM-DD text, as stored. Channels in state 'excluded' are left out (the user asked not to count
-- them); deleted channels stay, because their messages did happen. Thread types 10, 11, 12 mirror
-- src/counter/channel-kinds.ts. Weeks start on Monday: date(day, '-6 days', 'weekday 1') is the Monday on or before day.
CREATE VIEW `daily_channel_messages` AS
SELECT
  d.day AS day,
  c.guild_id AS guild_id,
  c.id AS channel_id,
  c.name AS channel,
  c.parent_id AS parent_id,
  p.name AS parent,
  (c.type IN (10, 11, 12)) AS is_thread,
  d.human_messages AS human,
  d.bot_messages AS bot,
  d.human_messages + d.bot_messages AS total
FROM daily_messages d
JOIN channels c ON c.id = d.channel_id
LEFT JOIN channels p ON p.id = c.parent_id
WHERE c.state <> 'excluded';
--> statement-breakpoint
CREATE VIEW `daily_guild_messages` AS
SELECT day, guild_id, sum(human) AS human, sum(bot) AS bot, sum(total) AS total
FROM daily_channel_messages
GROUP BY day, guild_id;
--> statement-breakpoint
CREATE VIEW `weekly_guild_messages` AS
SELECT date(day, '-6 days', 'weekday 1') AS week, guild_id, sum(human) AS human, sum(bot) AS bot, sum(total) AS total
FROM daily_channel_messages
GROUP BY week, guild_id;
--> statement-breakpoint
CREATE VIEW `monthly_guild_messages` AS
SELECT substr(day, 1, 7) AS month, guild_id, sum(human) AS human, sum(bot) AS bot, sum(total) AS total
FROM daily_channel_messages
GROUP BY month, guild_id;
--> statement-breakpoint
-- Threads (and forum posts) count towards their parent channel, so "top channels" ranks channels, not threads.
CREATE VIEW `channel_activity` AS
SELECT
  guild_id,
  CASE WHEN is_thread AND parent_id IS NOT NULL THEN parent_id ELSE channel_id END AS channel_id,
  CASE WHEN is_thread AND parent_id IS NOT NULL THEN parent ELSE channel END AS channel,
  day,
  sum(total) AS total
FROM daily_channel_messages
GROUP BY guild_id, 2, day;
--> statement-breakpoint
CREATE VIEW `member_history` AS
SELECT guild_id, strftime('%Y-%m-%dT%H:%M:%fZ', sampled_at / 1000.0, 'unixepoch') AS sampled_at, members, online
FROM member_samples;
--> statement-breakpoint
-- members: the day's last sample (the count the day ended with); online_max: the day's peak.
CREATE VIEW `daily_members` AS
SELECT guild_id, day, members, online_max
FROM (
  SELECT
    guild_id,
    date(sampled_at / 1000, 'unixepoch') AS day,
    members,
    max(online) OVER (PARTITION BY guild_id, date(sampled_at / 1000, 'unixepoch')) AS online_max,
    row_number() OVER (PARTITION BY guild_id, date(sampled_at / 1000, 'unixepoch') ORDER BY sampled_at DESC) AS newest_first
  FROM member_samples
)
WHERE newest_first = 1;
--> statement-breakpoint
-- Active members are distinct human authors over the whole period: one author in ten channels on seven days is one.
CREATE VIEW `daily_active_members` AS
SELECT c.guild_id AS guild_id, a.day AS day, count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.id = a.channel_id
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, a.day;
--> statement-breakpoint
CREATE VIEW `weekly_active_members` AS
SELECT c.guild_id AS guild_id, date(a.day, '-6 days', 'weekday 1') AS week, count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.id = a.channel_id
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, week;
--> statement-breakpoint
CREATE VIEW `monthly_active_members` AS
SELECT c.guild_id AS guild_id, substr(a.day, 1, 7) AS month, count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.id = a.channel_id
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, month;
