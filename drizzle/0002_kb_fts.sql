-- Custom migration (drizzle cannot model virtual tables or triggers): the knowledge base's
-- full-text index, ranked with bm25() by src/store/kb-repo.ts.
--
-- kb_fts is a standalone FTS5 table (it keeps its own copy of the text), not an external-content
-- one: kb_examples_index has a text primary key, and VACUUM may renumber the implicit rowid that
-- external content would depend on. Triggers keep it in step with kb_examples_index, so every
-- write path (upsert, removeMissing, a hand-written DELETE) updates both in one transaction.
-- Probed on the libSQL bundled with @libsql/client 0.18 (SQLite 3.45.1): FTS5, bm25() with column
-- weights and the porter tokenizer are all compiled in.
--
-- porter: "orders" finds "order", "returned" finds "return". unicode61 remove_diacritics 2: any
-- script tokenizes, and "café" finds "cafe".
CREATE VIRTUAL TABLE `kb_fts` USING fts5(
	entry_id UNINDEXED,
	question,
	tags,
	body,
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `kb_fts` (entry_id, question, tags, body)
	SELECT id, question_text, coalesce((SELECT group_concat(value, ' ') FROM json_each(tags)), ''), body
	FROM `kb_examples_index`;
--> statement-breakpoint
CREATE TRIGGER `kb_examples_index_fts_ai` AFTER INSERT ON `kb_examples_index` BEGIN
	INSERT INTO `kb_fts` (entry_id, question, tags, body)
		VALUES (new.id, new.question_text, coalesce((SELECT group_concat(value, ' ') FROM json_each(new.tags)), ''), new.body);
END;
--> statement-breakpoint
-- Only when the indexed text changed: an unchanged file's reload touches last_loaded_at alone.
CREATE TRIGGER `kb_examples_index_fts_au` AFTER UPDATE ON `kb_examples_index`
	WHEN old.id IS NOT new.id OR old.question_text IS NOT new.question_text OR old.tags IS NOT new.tags OR old.body IS NOT new.body
BEGIN
	DELETE FROM `kb_fts` WHERE entry_id = old.id;
	INSERT INTO `kb_fts` (entry_id, question, tags, body)
		VALUES (new.id, new.question_text, coalesce((SELECT group_concat(value, ' ') FROM json_each(new.tags)), ''), new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `kb_examples_index_fts_ad` AFTER DELETE ON `kb_examples_index` BEGIN
	DELETE FROM `kb_fts` WHERE entry_id = old.id;
END;
