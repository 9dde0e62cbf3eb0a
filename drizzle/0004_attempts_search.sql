-- Custom migration (drizzle cannot model virtual tables or triggers): the search index behind
-- `history search <words>` and the web History/Admin search, so a word that occurs nowhere is
-- answered from the index instead of reading every attempt of the user (src/store/attempts-repo.ts).
--
-- The trigram tokenizer (SQLite 3.34+; the libSQL bundled with @libsql/client 0.18 is 3.45.1) makes
-- a quoted phrase match any substring of 3 or more characters, case-insensitively — the same
-- "word appears anywhere in the question or the SQL" the LIKE search gave, now indexed. Shorter words
-- still use LIKE.
--
-- A standalone FTS5 table with one row per text (the question when the attempt is recorded, the SQL
-- when it is generated), keyed by attempt_id: query_attempts has a text primary key and VACUUM may
-- renumber the implicit rowid external content would depend on. Both texts are written once in an
-- attempt's life, so the triggers only ever insert; the rare DELETE of an attempt removes its rows.
CREATE VIRTUAL TABLE `attempts_fts` USING fts5(
	attempt_id UNINDEXED,
	body,
	tokenize = 'trigram'
);
--> statement-breakpoint
INSERT INTO `attempts_fts` (attempt_id, body)
	SELECT id, natural_language_query FROM `query_attempts` WHERE natural_language_query IS NOT NULL;
--> statement-breakpoint
INSERT INTO `attempts_fts` (attempt_id, body)
	SELECT id, generated_sql FROM `query_attempts` WHERE generated_sql IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `query_attempts_fts_ai` AFTER INSERT ON `query_attempts` BEGIN
	INSERT INTO `attempts_fts` (attempt_id, body) SELECT new.id, new.natural_language_query WHERE new.natural_language_query IS NOT NULL;
	INSERT INTO `attempts_fts` (attempt_id, body) SELECT new.id, new.generated_sql WHERE new.generated_sql IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `query_attempts_fts_au` AFTER UPDATE OF generated_sql ON `query_attempts`
	WHEN new.generated_sql IS NOT NULL AND old.generated_sql IS NOT new.generated_sql
BEGIN
	INSERT INTO `attempts_fts` (attempt_id, body) VALUES (new.id, new.generated_sql);
END;
--> statement-breakpoint
CREATE TRIGGER `query_attempts_fts_ad` AFTER DELETE ON `query_attempts` BEGIN
	DELETE FROM `attempts_fts` WHERE attempt_id = old.id;
END;
