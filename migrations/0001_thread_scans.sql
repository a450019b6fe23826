ALTER TABLE `channels` ADD `threads_scanned_at` integer;--> statement-breakpoint
ALTER TABLE `channels` ADD `threads_scanned_until` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `threads_scan_message_id` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `private_threads_retry_at` integer;