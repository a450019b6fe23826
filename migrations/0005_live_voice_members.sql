-- Deletion day-recounts, voice activity and member joins/leaves (LIVE_UPDATES, VOICE_ACTIVITY, MEMBER_EVENTS).
-- The daily tables are all key: WITHOUT ROWID, as in 0004.
CREATE TABLE `day_recounts` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`recounted_at` integer NOT NULL,
	PRIMARY KEY(`channel_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `member_flow_daily` (
	`guild_id` text NOT NULL,
	`day` text NOT NULL,
	`human_joins` integer DEFAULT 0 NOT NULL,
	`human_leaves` integer DEFAULT 0 NOT NULL,
	`bot_joins` integer DEFAULT 0 NOT NULL,
	`bot_leaves` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`guild_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `voice_daily` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`human_ms` integer DEFAULT 0 NOT NULL,
	`bot_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`channel_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `voice_daily_people` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `day`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `voice_sessions` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`bot` integer NOT NULL,
	`started_at` integer NOT NULL,
	`checkpointed_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Voice minutes per channel and UTC day; excluded channels left out, deleted ones kept (the time was spent).
CREATE VIEW `daily_voice` AS
SELECT v.day AS day, c.guild_id AS guild_id, v.channel_id AS channel_id, c.name AS channel,
  round(v.human_ms / 60000.0, 1) AS human_minutes, round(v.bot_ms / 60000.0, 1) AS bot_minutes
FROM voice_daily v
JOIN channels c ON c.id = v.channel_id
WHERE c.state <> 'excluded';
--> statement-breakpoint
-- Distinct people in any voice channel of the guild per UTC day.
CREATE VIEW `daily_voice_users` AS
SELECT p.day AS day, c.guild_id AS guild_id, count(DISTINCT p.user_id) AS people
FROM voice_daily_people p
JOIN channels c ON c.id = p.channel_id
WHERE c.state <> 'excluded'
GROUP BY c.guild_id, p.day;
--> statement-breakpoint
CREATE VIEW `daily_member_flow` AS
SELECT day, guild_id, human_joins + bot_joins AS joins, human_leaves + bot_leaves AS leaves,
  human_joins, human_leaves, bot_joins, bot_leaves
FROM member_flow_daily;

