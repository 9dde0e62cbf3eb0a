CREATE TABLE `conversation_refs` (
	`platform` text NOT NULL,
	`tenant_id` text DEFAULT '' NOT NULL,
	`conversation_id` text NOT NULL,
	`user_id` text,
	`reference_json` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`platform`, `tenant_id`, `conversation_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "conversation_refs_platform_ck" CHECK("conversation_refs"."platform" IN ('slack', 'teams', 'web', 'terminal', 'local')),
	CONSTRAINT "conversation_refs_reference_ck" CHECK("conversation_refs"."reference_json" IS NULL OR json_valid("conversation_refs"."reference_json")),
	CONSTRAINT "conversation_refs_updated_at_ck" CHECK("conversation_refs"."updated_at" IS NULL OR "conversation_refs"."updated_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE INDEX `conversation_refs_user_idx` ON `conversation_refs` (`user_id`);--> statement-breakpoint
CREATE TABLE `sign_in_links` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sign_in_links_expiry_ck" CHECK("sign_in_links"."expires_at" > "sign_in_links"."created_at"),
	CONSTRAINT "sign_in_links_created_at_ck" CHECK("sign_in_links"."created_at" IS NULL OR "sign_in_links"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "sign_in_links_expires_at_ck" CHECK("sign_in_links"."expires_at" IS NULL OR "sign_in_links"."expires_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "sign_in_links_used_at_ck" CHECK("sign_in_links"."used_at" IS NULL OR "sign_in_links"."used_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sign_in_links_token_hash_uq` ON `sign_in_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sign_in_links_user_idx` ON `sign_in_links` (`user_id`);--> statement-breakpoint
CREATE INDEX `sign_in_links_expires_at_idx` ON `sign_in_links` (`expires_at`);