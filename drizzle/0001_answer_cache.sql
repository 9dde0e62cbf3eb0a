CREATE TABLE `answer_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`sql` text NOT NULL,
	`model` text NOT NULL,
	`schema_hash` text NOT NULL,
	`kb_state` text NOT NULL,
	`source_attempt_id` text,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`hit_count` integer DEFAULT 0 NOT NULL,
	`last_hit_at` text,
	FOREIGN KEY (`source_attempt_id`) REFERENCES `query_attempts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "answer_cache_key_ck" CHECK(length("answer_cache"."key") = 64 AND "answer_cache"."key" NOT GLOB '*[^0-9a-f]*'),
	CONSTRAINT "answer_cache_sql_ck" CHECK(length(trim("answer_cache"."sql")) > 0),
	CONSTRAINT "answer_cache_expiry_ck" CHECK("answer_cache"."expires_at" > "answer_cache"."created_at"),
	CONSTRAINT "answer_cache_hit_count_ck" CHECK("answer_cache"."hit_count" IS NULL OR "answer_cache"."hit_count" >= 0),
	CONSTRAINT "answer_cache_hit_pair_ck" CHECK(("answer_cache"."hit_count" = 0) = ("answer_cache"."last_hit_at" IS NULL)),
	CONSTRAINT "answer_cache_created_at_ck" CHECK("answer_cache"."created_at" IS NULL OR "answer_cache"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "answer_cache_expires_at_ck" CHECK("answer_cache"."expires_at" IS NULL OR "answer_cache"."expires_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "answer_cache_last_hit_at_ck" CHECK("answer_cache"."last_hit_at" IS NULL OR "answer_cache"."last_hit_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE INDEX `answer_cache_expires_at_idx` ON `answer_cache` (`expires_at`);--> statement-breakpoint
CREATE INDEX `answer_cache_schema_hash_idx` ON `answer_cache` (`schema_hash`);--> statement-breakpoint
CREATE INDEX `answer_cache_source_attempt_idx` ON `answer_cache` (`source_attempt_id`);--> statement-breakpoint
ALTER TABLE `kb_examples_index` ADD `body` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `kb_examples_index` ADD `embedding_model` text;