-- The daily tables are all key: as WITHOUT ROWID tables the primary key is the table, stored once instead of a
-- rowid table plus an index holding the same columns. Rebuilt the way SQLite documents (new table, copy, drop,
-- rename); legacy_alter_table keeps the rename from re-checking the views that name these tables.
PRAGMA legacy_alter_table = ON;
--> statement-breakpoint
CREATE TABLE `daily_messages_new` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`human_messages` integer DEFAULT 0 NOT NULL,
	`bot_messages` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`channel_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `daily_messages_new` SELECT `channel_id`, `day`, `human_messages`, `bot_messages` FROM `daily_messages`;
--> statement-breakpoint
DROP TABLE `daily_messages`;
--> statement-breakpoint
ALTER TABLE `daily_messages_new` RENAME TO `daily_messages`;
--> statement-breakpoint
CREATE TABLE `daily_authors_new` (
	`channel_id` text NOT NULL,
	`day` text NOT NULL,
	`author_id` text NOT NULL,
	PRIMARY KEY(`channel_id`, `day`, `author_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `daily_authors_new` SELECT `channel_id`, `day`, `author_id` FROM `daily_authors`;
--> statement-breakpoint
DROP TABLE `daily_authors`;
--> statement-breakpoint
ALTER TABLE `daily_authors_new` RENAME TO `daily_authors`;
--> statement-breakpoint
PRAGMA legacy_alter_table = OFF;
