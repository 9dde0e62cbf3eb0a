CREATE TABLE `kb_examples_index` (
	`id` text PRIMARY KEY NOT NULL,
	`file_path` text NOT NULL,
	`kind` text NOT NULL,
	`question_text` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`sql_text` text,
	`content_hash` text NOT NULL,
	`last_loaded_at` text NOT NULL,
	`embedding` blob,
	CONSTRAINT "kb_examples_index_kind_ck" CHECK("kb_examples_index"."kind" IN ('example', 'note')),
	CONSTRAINT "kb_examples_index_example_sql_ck" CHECK("kb_examples_index"."kind" = 'note' OR "kb_examples_index"."sql_text" IS NOT NULL),
	CONSTRAINT "kb_examples_index_tags_ck" CHECK("kb_examples_index"."tags" IS NULL OR (json_valid("kb_examples_index"."tags") AND json_type("kb_examples_index"."tags") = 'array')),
	CONSTRAINT "kb_examples_index_last_loaded_at_ck" CHECK("kb_examples_index"."last_loaded_at" IS NULL OR "kb_examples_index"."last_loaded_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kb_examples_index_file_path_uq` ON `kb_examples_index` (`file_path`);--> statement-breakpoint
CREATE TABLE `metrics_rollup` (
	`week_start` text NOT NULL,
	`user_id` text NOT NULL,
	`attempts_count` integer DEFAULT 0 NOT NULL,
	`executed_count` integer DEFAULT 0 NOT NULL,
	`success_count` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`week_start`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "metrics_rollup_week_start_ck" CHECK("metrics_rollup"."week_start" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND strftime('%w', "metrics_rollup"."week_start") = '1'),
	CONSTRAINT "metrics_rollup_counts_ck" CHECK("metrics_rollup"."success_count" >= 0 AND "metrics_rollup"."success_count" <= "metrics_rollup"."executed_count" AND "metrics_rollup"."executed_count" <= "metrics_rollup"."attempts_count"),
	CONSTRAINT "metrics_rollup_prompt_tokens_ck" CHECK("metrics_rollup"."prompt_tokens" IS NULL OR "metrics_rollup"."prompt_tokens" >= 0),
	CONSTRAINT "metrics_rollup_completion_tokens_ck" CHECK("metrics_rollup"."completion_tokens" IS NULL OR "metrics_rollup"."completion_tokens" >= 0),
	CONSTRAINT "metrics_rollup_cost_usd_ck" CHECK("metrics_rollup"."cost_usd" IS NULL OR "metrics_rollup"."cost_usd" >= 0)
);
--> statement-breakpoint
CREATE INDEX `metrics_rollup_user_idx` ON `metrics_rollup` (`user_id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`platform` text NOT NULL,
	`event_id` text NOT NULL,
	`received_at` text NOT NULL,
	`attempt_id` text,
	PRIMARY KEY(`platform`, `event_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `query_attempts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "processed_events_platform_ck" CHECK("processed_events"."platform" IN ('slack', 'teams', 'web', 'terminal', 'local')),
	CONSTRAINT "processed_events_received_at_ck" CHECK("processed_events"."received_at" IS NULL OR "processed_events"."received_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE INDEX `processed_events_received_at_idx` ON `processed_events` (`received_at`);--> statement-breakpoint
CREATE INDEX `processed_events_attempt_idx` ON `processed_events` (`attempt_id`);--> statement-breakpoint
CREATE TABLE `query_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`session_id` text,
	`platform` text NOT NULL,
	`natural_language_query` text,
	`generated_sql` text,
	`sql_source` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` text NOT NULL,
	`generated_at` text,
	`executed_at` text,
	`finished_at` text,
	`generation_ms` integer,
	`execution_ms` integer,
	`original_attempt_id` text,
	`error_code` text,
	`error` text,
	`prompt_tokens` integer,
	`completion_tokens` integer,
	`model` text,
	`cost_usd` real,
	`feedback` text,
	`feedback_text` text,
	`feedback_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`original_attempt_id`) REFERENCES `query_attempts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "query_attempts_platform_ck" CHECK("query_attempts"."platform" IN ('slack', 'teams', 'web', 'terminal', 'local')),
	CONSTRAINT "query_attempts_status_ck" CHECK("query_attempts"."status" IN ('pending', 'not_executed', 'failed_generation', 'failed_execution', 'success', 'timeout')),
	CONSTRAINT "query_attempts_sql_source_ck" CHECK("query_attempts"."sql_source" IN ('model', 'kb', 'cache', 'user')),
	CONSTRAINT "query_attempts_feedback_ck" CHECK("query_attempts"."feedback" IN ('up', 'down')),
	CONSTRAINT "query_attempts_open_ck" CHECK(("query_attempts"."status" = 'pending') = ("query_attempts"."finished_at" IS NULL)),
	CONSTRAINT "query_attempts_feedback_pair_ck" CHECK(("query_attempts"."feedback" IS NULL) = ("query_attempts"."feedback_at" IS NULL)),
	CONSTRAINT "query_attempts_not_own_original_ck" CHECK("query_attempts"."original_attempt_id" IS NULL OR "query_attempts"."original_attempt_id" <> "query_attempts"."id"),
	CONSTRAINT "query_attempts_generation_ms_ck" CHECK("query_attempts"."generation_ms" IS NULL OR "query_attempts"."generation_ms" >= 0),
	CONSTRAINT "query_attempts_execution_ms_ck" CHECK("query_attempts"."execution_ms" IS NULL OR "query_attempts"."execution_ms" >= 0),
	CONSTRAINT "query_attempts_prompt_tokens_ck" CHECK("query_attempts"."prompt_tokens" IS NULL OR "query_attempts"."prompt_tokens" >= 0),
	CONSTRAINT "query_attempts_completion_tokens_ck" CHECK("query_attempts"."completion_tokens" IS NULL OR "query_attempts"."completion_tokens" >= 0),
	CONSTRAINT "query_attempts_cost_usd_ck" CHECK("query_attempts"."cost_usd" IS NULL OR "query_attempts"."cost_usd" >= 0),
	CONSTRAINT "query_attempts_created_at_ck" CHECK("query_attempts"."created_at" IS NULL OR "query_attempts"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "query_attempts_generated_at_ck" CHECK("query_attempts"."generated_at" IS NULL OR "query_attempts"."generated_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "query_attempts_executed_at_ck" CHECK("query_attempts"."executed_at" IS NULL OR "query_attempts"."executed_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "query_attempts_finished_at_ck" CHECK("query_attempts"."finished_at" IS NULL OR "query_attempts"."finished_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "query_attempts_feedback_at_ck" CHECK("query_attempts"."feedback_at" IS NULL OR "query_attempts"."feedback_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE INDEX `query_attempts_user_created_idx` ON `query_attempts` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `query_attempts_status_idx` ON `query_attempts` (`status`);--> statement-breakpoint
CREATE INDEX `query_attempts_session_idx` ON `query_attempts` (`session_id`);--> statement-breakpoint
CREATE INDEX `query_attempts_original_idx` ON `query_attempts` (`original_attempt_id`);--> statement-breakpoint
CREATE INDEX `query_attempts_created_idx` ON `query_attempts` (`created_at`);--> statement-breakpoint
CREATE TABLE `query_results_manifest` (
	`attempt_id` text PRIMARY KEY NOT NULL,
	`columns_json` text NOT NULL,
	`total_rows` integer NOT NULL,
	`row_count_capped` integer DEFAULT false NOT NULL,
	`page_size` integer DEFAULT 500 NOT NULL,
	`page_count` integer NOT NULL,
	`export_row_limit` integer DEFAULT 10000 NOT NULL,
	`export_truncated` integer DEFAULT false NOT NULL,
	`export_file_path` text,
	`export_row_count` integer DEFAULT 0 NOT NULL,
	`chart_spec_json` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`attempt_id`) REFERENCES `query_attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "query_results_manifest_columns_json_ck" CHECK("query_results_manifest"."columns_json" IS NULL OR (json_valid("query_results_manifest"."columns_json") AND json_type("query_results_manifest"."columns_json") = 'array')),
	CONSTRAINT "query_results_manifest_chart_spec_json_ck" CHECK("query_results_manifest"."chart_spec_json" IS NULL OR json_valid("query_results_manifest"."chart_spec_json")),
	CONSTRAINT "query_results_manifest_total_rows_ck" CHECK("query_results_manifest"."total_rows" IS NULL OR "query_results_manifest"."total_rows" >= 0),
	CONSTRAINT "query_results_manifest_page_size_ck" CHECK("query_results_manifest"."page_size" > 0),
	CONSTRAINT "query_results_manifest_page_count_ck" CHECK("query_results_manifest"."page_count" IS NULL OR "query_results_manifest"."page_count" >= 0),
	CONSTRAINT "query_results_manifest_export_row_limit_ck" CHECK("query_results_manifest"."export_row_limit" > 0),
	CONSTRAINT "query_results_manifest_export_row_count_ck" CHECK("query_results_manifest"."export_row_count" >= 0 AND "query_results_manifest"."export_row_count" <= "query_results_manifest"."export_row_limit"),
	CONSTRAINT "query_results_manifest_row_count_capped_ck" CHECK("query_results_manifest"."row_count_capped" IN (0, 1)),
	CONSTRAINT "query_results_manifest_export_truncated_ck" CHECK("query_results_manifest"."export_truncated" IN (0, 1)),
	CONSTRAINT "query_results_manifest_created_at_ck" CHECK("query_results_manifest"."created_at" IS NULL OR "query_results_manifest"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE TABLE `schema_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`loaded_at` text NOT NULL,
	`source_hash` text NOT NULL,
	`table_count` integer NOT NULL,
	`column_count` integer NOT NULL,
	`tables_json` text NOT NULL,
	`warehouse_kind` text NOT NULL,
	`created_at` text NOT NULL,
	CONSTRAINT "schema_snapshots_tables_json_ck" CHECK("schema_snapshots"."tables_json" IS NULL OR json_valid("schema_snapshots"."tables_json")),
	CONSTRAINT "schema_snapshots_table_count_ck" CHECK("schema_snapshots"."table_count" IS NULL OR "schema_snapshots"."table_count" >= 0),
	CONSTRAINT "schema_snapshots_column_count_ck" CHECK("schema_snapshots"."column_count" IS NULL OR "schema_snapshots"."column_count" >= 0),
	CONSTRAINT "schema_snapshots_loaded_at_ck" CHECK("schema_snapshots"."loaded_at" IS NULL OR "schema_snapshots"."loaded_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "schema_snapshots_created_at_ck" CHECK("schema_snapshots"."created_at" IS NULL OR "schema_snapshots"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `schema_snapshots_source_hash_uq` ON `schema_snapshots` (`source_hash`);--> statement-breakpoint
CREATE INDEX `schema_snapshots_loaded_at_idx` ON `schema_snapshots` (`loaded_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`platform` text NOT NULL,
	`tenant_id` text DEFAULT '' NOT NULL,
	`channel_id` text,
	`thread_key` text,
	`user_id` text,
	`token_hash` text,
	`created_at` text NOT NULL,
	`last_active_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "sessions_kind_ck" CHECK("sessions"."kind" IN ('thread', 'web')),
	CONSTRAINT "sessions_platform_ck" CHECK("sessions"."platform" IN ('slack', 'teams', 'web', 'terminal', 'local')),
	CONSTRAINT "sessions_revoked_ck" CHECK("sessions"."revoked" IN (0, 1)),
	CONSTRAINT "sessions_shape_ck" CHECK(("sessions"."kind" = 'thread' AND "sessions"."channel_id" IS NOT NULL AND "sessions"."thread_key" IS NOT NULL AND "sessions"."user_id" IS NULL AND "sessions"."token_hash" IS NULL)
        OR ("sessions"."kind" = 'web' AND "sessions"."user_id" IS NOT NULL AND "sessions"."token_hash" IS NOT NULL AND "sessions"."channel_id" IS NULL AND "sessions"."thread_key" IS NULL)),
	CONSTRAINT "sessions_created_at_ck" CHECK("sessions"."created_at" IS NULL OR "sessions"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "sessions_last_active_at_ck" CHECK("sessions"."last_active_at" IS NULL OR "sessions"."last_active_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "sessions_expires_at_ck" CHECK("sessions"."expires_at" IS NULL OR "sessions"."expires_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_open_thread_uq` ON `sessions` (`platform`,`tenant_id`,`channel_id`,`thread_key`) WHERE kind = 'thread' AND revoked = 0;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_at_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`tenant_id` text DEFAULT '' NOT NULL,
	`platform_user_id` text NOT NULL,
	`display_name` text DEFAULT '' NOT NULL,
	`role` text DEFAULT 'user' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`password_hash` text,
	CONSTRAINT "users_platform_ck" CHECK("users"."platform" IN ('slack', 'teams', 'web', 'terminal', 'local')),
	CONSTRAINT "users_role_ck" CHECK("users"."role" IN ('admin', 'user')),
	CONSTRAINT "users_active_ck" CHECK("users"."active" IN (0, 1)),
	CONSTRAINT "users_created_at_ck" CHECK("users"."created_at" IS NULL OR "users"."created_at" GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9]Z'),
	CONSTRAINT "users_password_web_only_ck" CHECK("users"."password_hash" IS NULL OR "users"."platform" = 'web')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_identity_uq` ON `users` (`platform`,`tenant_id`,`platform_user_id`);