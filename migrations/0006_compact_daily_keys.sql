-- The daily tables key their rows with small integers instead of text: daily_authors with three text ids and a text
-- day cost about 100 bytes a row and made up most of the file. Now a row names its channel by the channel row's own
-- number (channels.key, new here), its UTC day as days since 1970-01-01, and an author by the snowflake as a 64-bit
-- INTEGER (every Discord id fits; JavaScript reads it as text or BigInt, never as a number). Views still show ids and
-- YYYY-MM-DD days.
-- Everything below runs in the migration's one transaction: interrupted, the database stays as it was. Tables are
-- rebuilt the way SQLite documents (new table, copy, drop, rename); legacy_alter_table keeps the renames from
-- re-checking the views, the four that read the daily tables are recreated at the end.
PRAGMA legacy_alter_table = ON;
--> statement-breakpoint
-- Refuse, before anything changes, rows the new layout could not hold exactly: a daily row whose channel has no
-- channels row (it would have no key), an author id that is not a 64-bit whole number
-- written as Discord does (digits, no leading zero), a day that is not a calendar day.
CREATE TEMP TABLE `migration_0006_check` (`problem` text);
--> statement-breakpoint
CREATE TEMP TRIGGER `migration_0006_refuse` BEFORE INSERT ON `migration_0006_check` WHEN NEW.problem IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'migration 0006 refused, the database is unchanged: a daily_messages or daily_authors row has a channel missing from channels, an author id that is not a whole number below 2^63, or a day that is not YYYY-MM-DD');
END;
--> statement-breakpoint
INSERT INTO `migration_0006_check`
SELECT CASE WHEN EXISTS (
    SELECT 1 FROM `daily_messages` d
    WHERE d.channel_id NOT IN (SELECT id FROM `channels`) OR d.day IS NOT date(d.day)
  ) OR EXISTS (
    SELECT 1 FROM `daily_authors` a
    WHERE a.channel_id NOT IN (SELECT id FROM `channels`) OR a.day IS NOT date(a.day)
      OR a.author_id = '' OR a.author_id GLOB '*[^0-9]*' OR (a.author_id GLOB '0?*') OR length(a.author_id) > 19
      OR (length(a.author_id) = 19 AND a.author_id > '9223372036854775807')
  ) THEN 'refuse' END;
--> statement-breakpoint
DROP TABLE `migration_0006_check`;
--> statement-breakpoint
DROP VIEW `daily_channel_messages`;
--> statement-breakpoint
DROP VIEW `daily_active_members`;
--> statement-breakpoint
DROP VIEW `weekly_active_members`;
--> statement-breakpoint
DROP VIEW `monthly_active_members`;
--> statement-breakpoint
-- Each channel keeps its rowid as its key, so the keys follow the order the channels were first seen in.
CREATE TABLE `channels_new` (
	`key` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`guild_id` text NOT NULL,
	`parent_id` text,
	`type` integer NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`state` text NOT NULL,
	`human_messages` integer DEFAULT 0 NOT NULL,
	`bot_messages` integer DEFAULT 0 NOT NULL,
	`last_seen_id` text,
	`checked_message_id` text,
	`backfill_before_id` text,
	`backfill_done` integer DEFAULT false NOT NULL,
	`last_message_id` text,
	`retry_at` integer,
	`last_error` text,
	`archived` integer DEFAULT false NOT NULL,
	`archive_timestamp` text,
	`threads_scanned_at` integer,
	`threads_scanned_until` text,
	`threads_scan_message_id` text,
	`private_threads_retry_at` integer,
	`first_seen_at` integer NOT NULL,
	`deleted_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `channels_new` (`key`, `id`, `guild_id`, `parent_id`, `type`, `name`, `position`, `state`, `human_messages`,
  `bot_messages`, `last_seen_id`, `checked_message_id`, `backfill_before_id`, `backfill_done`, `last_message_id`,
  `retry_at`, `last_error`, `archived`, `archive_timestamp`, `threads_scanned_at`, `threads_scanned_until`,
  `threads_scan_message_id`, `private_threads_retry_at`, `first_seen_at`, `deleted_at`, `updated_at`)
SELECT rowid, `id`, `guild_id`, `parent_id`, `type`, `name`, `position`, `state`, `human_messages`,
  `bot_messages`, `last_seen_id`, `checked_message_id`, `backfill_before_id`, `backfill_done`, `last_message_id`,
  `retry_at`, `last_error`, `archived`, `archive_timestamp`, `threads_scanned_at`, `threads_scanned_until`,
  `threads_scan_message_id`, `private_threads_retry_at`, `first_seen_at`, `deleted_at`, `updated_at`
FROM `channels` ORDER BY rowid;
--> statement-breakpoint
CREATE TABLE `daily_messages_new` (
	`channel_key` integer NOT NULL,
	`day` integer NOT NULL,
	`human_messages` integer DEFAULT 0 NOT NULL,
	`bot_messages` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`channel_key`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
-- In key order: the new table's pages are written full, once.
INSERT INTO `daily_messages_new` (`channel_key`, `day`, `human_messages`, `bot_messages`)
SELECT c.`key`, CAST(strftime('%s', d.`day`) AS integer) / 86400, d.`human_messages`, d.`bot_messages`
FROM `daily_messages` d JOIN `channels_new` c ON c.`id` = d.`channel_id`
ORDER BY 1, 2;
--> statement-breakpoint
CREATE TABLE `daily_authors_new` (
	`channel_key` integer NOT NULL,
	`day` integer NOT NULL,
	`author_id` integer NOT NULL,
	PRIMARY KEY(`channel_key`, `day`, `author_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `daily_authors_new` (`channel_key`, `day`, `author_id`)
SELECT c.`key`, CAST(strftime('%s', a.`day`) AS integer) / 86400, CAST(a.`author_id` AS integer)
FROM `daily_authors` a JOIN `channels_new` c ON c.`id` = a.`channel_id`
ORDER BY 1, 2, 3;
--> statement-breakpoint
DROP TABLE `daily_authors`;
--> statement-breakpoint
DROP TABLE `daily_messages`;
--> statement-breakpoint
DROP TABLE `channels`;
--> statement-breakpoint
ALTER TABLE `channels_new` RENAME TO `channels`;
--> statement-breakpoint
ALTER TABLE `daily_messages_new` RENAME TO `daily_messages`;
--> statement-breakpoint
ALTER TABLE `daily_authors_new` RENAME TO `daily_authors`;
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_id_unique` ON `channels` (`id`);
--> statement-breakpoint
CREATE INDEX `channels_guild_idx` ON `channels` (`guild_id`);
--> statement-breakpoint
CREATE INDEX `channels_parent_idx` ON `channels` (`parent_id`);
--> statement-breakpoint
-- The views of 0002, reading the new keys; same columns, same answers. date(day * 86400, 'unixepoch') turns a day
-- number back into YYYY-MM-DD (src/store/daily-keys.ts spells the same rule for the code).
CREATE VIEW `daily_channel_messages` AS
SELECT
  date(d.day * 86400, 'unixepoch') AS day,
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
JOIN channels c ON c.key = d.channel_key
LEFT JOIN channels p ON p.id = c.parent_id
WHERE c.state <> 'excluded';
--> statement-breakpoint
-- Active members are distinct human authors over the whole period: one author in ten channels on seven days is one.
CREATE VIEW `daily_active_members` AS
SELECT c.guild_id AS guild_id, date(a.day * 86400, 'unixepoch') AS day, count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.key = a.channel_key
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, a.day;
--> statement-breakpoint
CREATE VIEW `weekly_active_members` AS
SELECT c.guild_id AS guild_id, date(a.day * 86400, 'unixepoch', '-6 days', 'weekday 1') AS week,
  count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.key = a.channel_key
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, week;
--> statement-breakpoint
CREATE VIEW `monthly_active_members` AS
SELECT c.guild_id AS guild_id, strftime('%Y-%m', a.day * 86400, 'unixepoch') AS month,
  count(DISTINCT a.author_id) AS active_members
FROM daily_authors a
JOIN channels c ON c.key = a.channel_key
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, month;
--> statement-breakpoint
PRAGMA legacy_alter_table = OFF;
