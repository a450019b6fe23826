CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
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
	`first_seen_at` integer NOT NULL,
	`deleted_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channels_guild_idx` ON `channels` (`guild_id`);--> statement-breakpoint
CREATE INDEX `channels_parent_idx` ON `channels` (`parent_id`);--> statement-breakpoint
CREATE TABLE `daily_authors` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`author_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `day`, `author_id`)
);
--> statement-breakpoint
CREATE INDEX `daily_authors_day_idx` ON `daily_authors` (`day`);--> statement-breakpoint
CREATE TABLE `daily_messages` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`human_messages` integer DEFAULT 0 NOT NULL,
	`bot_messages` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`channel_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`member_count` integer,
	`presence_count` integer,
	`status` text DEFAULT 'ok' NOT NULL,
	`last_sync_at` integer,
	`last_success_at` integer
);
--> statement-breakpoint
CREATE TABLE `member_samples` (
	`guild_id` text NOT NULL,
	`sampled_at` integer NOT NULL,
	`members` integer NOT NULL,
	`online` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `sampled_at`)
);
