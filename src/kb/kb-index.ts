// The knowledge base: kb/ examples and notes indexed into the store (kb_examples_index + FTS5
// kb_fts, and vectors when an embeddings model is configured), ranked for the prompt, and matched
// closely enough to answer without a model. Files are read here; SQL is only guarded, never run.
//
// Ranking (search):
// - Full text: FTS5 bm25() over question (weight 8), tags (4) and notes/body (1), the question's
//   words ORed (kb-text.ts). bm25 is unbounded, so it is mapped into 0..1 as s / (s + FTS_HALF_SCORE)
//   with s = -bm25: a fixed, monotonic map (not relative to the best hit), so a score means the
//   same from one question to the next; s = FTS_HALF_SCORE scores 0.5.
// - Embeddings (OPENAI_EMBEDDING_MODEL set): cosine similarity computed in libSQL with
//   vector_distance_cos() over the float32 blobs in kb_examples_index.embedding (probed on the
//   libSQL bundled with @libsql/client 0.18: it works on a plain BLOB column, so the column stays
//   dimension-free and any model fits). Score = EMBEDDING_WEIGHT·similarity + (1 − EMBEDDING_WEIGHT)·fts
//   for an entry with a vector (fts = 0 when full text missed it); an entry still without one keeps
//   its fts score. Any embeddings failure is logged and the question is ranked by full text alone.
import { createHash } from 'node:crypto';
import { watch as watchFs, type FSWatcher } from 'node:fs';
import { isThreadsqlError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { EmbeddingsClient } from '../nl2sql/embeddings-client.ts';
import { guardSql, type RelationCatalog } from '../sql/guard.ts';
import type { Store } from '../store/store.ts';
import { CLOSE_EMBEDDING_MARGIN, CLOSE_MIN_EMBEDDING_SIMILARITY, numbersAgree, pickCloseExample } from './close-match.ts';
import { ftsMatchExpression } from './kb-text.ts';
import { isKbFileName, listKbSourceFiles, readKbSource } from './read-kb-dir.ts';
import { pickSuggestions } from './suggestions.ts';

/** One example (`*.sql`) or note (`*.md`) as indexed. */
export interface KbEntry {
  /** Relative to the KB directory, `/`-separated. */
  filePath: string;
  kind: 'example' | 'note';
  /** For a note: its first heading, or its file name. */
  question: string;
  tags: string[];
  sql: string | null;
  /** An example's header notes, or a note's whole text. */
  notes: string;
  /** "schema.name" relations the example's SQL reads, from the guard, when a catalog was given; [] otherwise. */
  tables: string[];
}

export interface KbMatch {
  entry: KbEntry;
  /** 0..1, higher is closer (see the header for how it is computed). */
  score: number;
  via: 'fts' | 'embedding' | 'both';
}

export interface KbReloadReport {
  examples: number;
  notes: number;
  /** Files new since the last load or whose content changed. */
  changed: number;
  /** Entries dropped: their file is gone, or is now invalid. */
  removed: number;
  errors: Array<{ file: string; reason: string }>;
}

export interface KnowledgeBase {
  /**
   * Read the KB folder, refresh the index (only changed files are re-indexed), drop entries whose
   * file is gone or invalid. A file with an error is reported and skipped, never thrown. With a
   * catalog, examples are guarded (tables filled; a refused example is an error); without one,
   * the catalog of the previous reload is used. Reloads run one at a time.
   */
  reload(catalog?: RelationCatalog): Promise<KbReloadReport>;
  /** Examples and notes closest to a question, best first (default 5). */
  search(question: string, limit?: number): Promise<KbMatch[]>;
  /** The example close enough to answer without a model (close-match.ts), or undefined. */
  closeMatch(question: string): Promise<KbMatch | undefined>;
  examples(): KbEntry[];
  notes(): KbEntry[];
  /** Up to n example questions to offer, a stable selection covering different topics. */
  suggestions(n: number): string[];
  /** sha256 hex of the indexed content (and the embeddings model): changes whenever the KB does. */
  stateHash(): string;
  /** Reload when files in the folder change (debounced); returns stop(). */
  watch(onReload?: (report: KbReloadReport) => void): () => void;
}

export interface KnowledgeBaseOptions {
  dir: string;
  store: Store;
  logger: Logger;
  embeddings?: EmbeddingsClient | undefined;
  /** Quiet time after the last file event before reloading. Default WATCH_DEBOUNCE_MS. */
  watchDebounceMs?: number;
}

/**
 * bm25 magnitude that scores 0.5. Measured on kb/ with 20 paraphrased questions: the right
 * example's bm25 lies between −6 and −25 (score 0.4–0.7); a single shared common word, −1 to −3.
 */
export const FTS_HALF_SCORE = 10;
/** Share of the embedding similarity in a merged score. */
export const EMBEDDING_WEIGHT = 0.5;
/** Editors write a file in several steps (truncate, write, rename); wait for the last. */
export const WATCH_DEBOUNCE_MS = 300;
const DEFAULT_LIMIT = 5;
/** Embedding texts are cut here: enough for any note, well under every model's input limit. */
const MAX_EMBEDDING_CHARS = 8_000;
const QUERY_VECTOR_CACHE = 64;

export function createKnowledgeBase(options: KnowledgeBaseOptions): KnowledgeBase {
  const { dir, store, embeddings } = options;
  const log = options.logger.child({ module: 'kb' });
  let entries = new Map<string, { entry: KbEntry; contentHash: string }>();
  let state = computeStateHash(entries, embeddings?.model);
  let catalog: RelationCatalog | undefined;
  /** Guard results by content hash, valid for one catalog: an unchanged example is not re-parsed. */
  let tablesMemo = new Map<string, { tables: string[] } | { refused: string }>();
  let queue: Promise<unknown> = Promise.resolve();
  const queryVectors = new Map<string, Float32Array>();

  async function reloadNow(newCatalog: RelationCatalog | undefined): Promise<KbReloadReport> {
    const started = performance.now();
    if (newCatalog && newCatalog !== catalog) {
      catalog = newCatalog;
      tablesMemo = new Map();
    }
    const errors: KbReloadReport['errors'] = [];
    let files: string[];
    try {
      files = await listKbSourceFiles(dir);
    } catch (error) {
      // Keep what is indexed: a folder that cannot be listed right now is not an empty KB.
      const code = (error as { code?: unknown }).code;
      log.warn({ code }, 'knowledge-base folder cannot be read; index kept as it was');
      return { ...counts(), changed: 0, removed: 0, errors: [{ file: '.', reason: `the folder cannot be read (${String(code ?? 'error')})` }] };
    }

    const next = new Map<string, { entry: KbEntry; contentHash: string }>();
    for (const filePath of files) {
      const source = await readKbSource(dir, filePath);
      if (!source.ok) {
        errors.push({ file: filePath, reason: source.reason });
        continue;
      }
      const { entry, contentHash } = source;
      if (entry.kind === 'example' && catalog) {
        const guarded = await guardExample(entry.sql ?? '', contentHash);
        if ('refused' in guarded) {
          errors.push({ file: filePath, reason: `refused by the guard: ${guarded.refused}` });
          continue;
        }
        entry.tables = guarded.tables;
      }
      next.set(filePath, { entry: freezeEntry(entry), contentHash });
    }

    let changed = 0;
    for (const { entry, contentHash } of next.values()) {
      const result = await store.kb.upsert({
        filePath: entry.filePath,
        kind: entry.kind,
        questionText: entry.question,
        tags: entry.tags,
        sqlText: entry.sql,
        body: entry.notes,
        contentHash,
      });
      if (result.changed) changed++;
    }
    const removed = await store.kb.removeMissing([...next.keys()]);
    entries = next;
    state = computeStateHash(entries, embeddings?.model);
    if (embeddings) await refreshEmbeddings(embeddings);

    const report: KbReloadReport = { ...counts(), changed, removed, errors };
    for (const e of errors) log.warn({ file: e.file, reason: e.reason }, 'knowledge-base file skipped');
    log.info({ examples: report.examples, notes: report.notes, changed, removed, errors: errors.length, ms: Math.round(performance.now() - started) }, 'knowledge base loaded');
    return report;
  }

  async function guardExample(sql: string, contentHash: string): Promise<{ tables: string[] } | { refused: string }> {
    const known = tablesMemo.get(contentHash);
    if (known) return known;
    let result: { tables: string[] } | { refused: string };
    try {
      const verdict = await guardSql(sql, catalog!);
      result = verdict.ok ? { tables: verdict.relations } : { refused: verdict.reason };
    } catch (error) {
      // The parser failing on one file must not stop the others; the file is reported instead.
      result = { refused: isThreadsqlError(error) ? error.userMessage : 'the SQL could not be checked' };
    }
    tablesMemo.set(contentHash, result);
    return result;
  }

  /** Embed entries that have no vector of the configured model yet. Failures leave them without one (full text still ranks them). */
  async function refreshEmbeddings(client: EmbeddingsClient): Promise<void> {
    try {
      const rows = await store.kb.list();
      const stale = rows.filter((r) => entries.has(r.filePath) && (r.embedding == null || r.embeddingModel !== client.model));
      if (stale.length === 0) return;
      const vectors = await client.embed(stale.map((r) => embeddingText(entries.get(r.filePath)!.entry)));
      let stored = 0;
      for (const [i, row] of stale.entries()) {
        if (await store.kb.setEmbedding(row.filePath, row.contentHash, client.model, vectors[i]!)) stored++;
      }
      log.info({ embedded: stored, model: client.model }, 'knowledge-base embeddings stored');
    } catch (error) {
      log.warn(failureFields(error), 'knowledge-base embeddings failed; ranking by full text only');
    }
  }

  /** The question's vector, or undefined when embeddings are off or failing (then: full text only). */
  async function queryVector(question: string): Promise<Float32Array | undefined> {
    if (!embeddings || question.trim() === '') return undefined;
    const cached = queryVectors.get(question);
    if (cached) return cached;
    try {
      const [vector] = await embeddings.embed([question]);
      if (!vector) return undefined;
      if (queryVectors.size >= QUERY_VECTOR_CACHE) queryVectors.delete(queryVectors.keys().next().value!);
      queryVectors.set(question, vector);
      return vector;
    } catch (error) {
      log.warn(failureFields(error), 'question embedding failed; ranking by full text only');
      return undefined;
    }
  }

  /** Cosine similarity (0..1) per file for every stored vector of the configured model. */
  async function similarities(question: string): Promise<Map<string, number> | undefined> {
    const vector = await queryVector(question);
    if (!vector || !embeddings) return undefined;
    try {
      const hits = await store.kb.searchVector(vector, embeddings.model, Math.max(entries.size, 1));
      return new Map(hits.map((h) => [h.filePath, clamp01(1 - h.distance)]));
    } catch (error) {
      log.warn(failureFields(error), 'vector search failed; ranking by full text only');
      return undefined;
    }
  }

  function counts() {
    let examples = 0;
    for (const { entry } of entries.values()) if (entry.kind === 'example') examples++;
    return { examples, notes: entries.size - examples };
  }

  const list = (kind: KbEntry['kind']) => [...entries.values()].map((e) => e.entry).filter((e) => e.kind === kind);

  const kb: KnowledgeBase = {
    reload(newCatalog) {
      const run = queue.then(() => reloadNow(newCatalog));
      queue = run.catch(() => undefined); // the caller gets the failure; the next reload still runs
      return run;
    },

    async search(question, limit = DEFAULT_LIMIT) {
      if (limit <= 0 || entries.size === 0) return [];
      const pool = Math.max(limit * 3, 20);
      const match = ftsMatchExpression(question);
      const textHits = match ? await store.kb.searchText(match, pool) : [];
      const fts = new Map(textHits.map((h) => [h.filePath, ftsScore(h.bm25)]));
      const sims = await similarities(question);
      const vectorTop = new Set(
        [...(sims ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, pool).map(([p]) => p),
      );
      const matches: KbMatch[] = [];
      for (const filePath of new Set([...fts.keys(), ...vectorTop])) {
        const known = entries.get(filePath);
        if (!known) continue; // indexed by another process since our last reload
        const textScore = fts.get(filePath) ?? 0;
        const sim = sims?.get(filePath);
        const score = sim === undefined ? textScore : EMBEDDING_WEIGHT * sim + (1 - EMBEDDING_WEIGHT) * textScore;
        const via = fts.has(filePath) ? (vectorTop.has(filePath) ? 'both' : 'fts') : 'embedding';
        matches.push({ entry: known.entry, score, via });
      }
      return matches.sort((a, b) => b.score - a.score || a.entry.filePath.localeCompare(b.entry.filePath)).slice(0, limit);
    },

    async closeMatch(question) {
      const examples = list('example');
      const lexical = pickCloseExample(question, examples);
      if (lexical) return { entry: lexical.candidate, score: lexical.closeness, via: 'fts' };
      const sims = await similarities(question);
      if (!sims) return undefined;
      const ranked = examples
        .map((entry) => ({ entry, sim: sims.get(entry.filePath) ?? 0 }))
        .sort((a, b) => b.sim - a.sim);
      const [best, second] = ranked;
      if (!best || best.sim < CLOSE_MIN_EMBEDDING_SIMILARITY) return undefined;
      if (second && best.sim - second.sim < CLOSE_EMBEDDING_MARGIN) return undefined;
      if (!numbersAgree(question, best.entry.question)) return undefined;
      return { entry: best.entry, score: best.sim, via: 'embedding' };
    },

    examples: () => list('example'),
    notes: () => list('note'),
    suggestions: (n) => pickSuggestions(list('example'), n),
    stateHash: () => state,

    watch(onReload) {
      const debounceMs = options.watchDebounceMs ?? WATCH_DEBOUNCE_MS;
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const fire = () => {
        timer = undefined;
        if (stopped) return;
        kb.reload().then(
          (report) => {
            if (!stopped) onReload?.(report);
          },
          (error: unknown) => log.error(failureFields(error), 'knowledge-base reload after a file change failed'),
        );
      };
      const onEvent = (_event: string, filename: string | Buffer | null) => {
        const name = filename?.toString() ?? '';
        // A folder event (rename of a subfolder) has no KB extension but may move files: reload too.
        if (name && /\.[^/\\]+$/.test(name) && !isKbFileName(name)) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(fire, debounceMs);
      };
      let watcher: FSWatcher;
      try {
        watcher = watchFs(dir, { recursive: true }, onEvent);
      } catch (error) {
        // Recursive watching is missing on some platforms and file systems: watch the top folder.
        log.warn({ code: (error as { code?: unknown }).code }, 'recursive watch unavailable; watching the top folder only');
        try {
          watcher = watchFs(dir, onEvent);
        } catch (again) {
          // No folder (yet): nothing to watch; `kb reload` still works once it exists.
          log.warn({ code: (again as { code?: unknown }).code }, 'knowledge-base folder cannot be watched; use kb reload after changes');
          return () => undefined;
        }
      }
      watcher.on('error', (error) => log.warn({ err: error }, 'knowledge-base watcher failed; changes are picked up at the next kb reload'));
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        watcher.close();
      };
    },
  };
  return kb;
}

/** bm25 (negative, lower is better) → 0..1, higher is better; see the header. */
export function ftsScore(bm25: number): number {
  const s = Math.max(0, -bm25);
  return s / (s + FTS_HALF_SCORE);
}

function computeStateHash(entries: ReadonlyMap<string, { contentHash: string }>, embeddingsModel: string | undefined): string {
  const files = [...entries].map(([filePath, e]) => [filePath, e.contentHash]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(['threadsql-kb', 1, embeddingsModel ?? null, files])).digest('hex');
}

/** What an entry's vector stands for: question, tags and notes (not the SQL: questions are matched to questions). */
function embeddingText(entry: KbEntry): string {
  const parts = [entry.question, entry.tags.join(', '), entry.notes].filter((p) => p.trim() !== '');
  return parts.join('\n').slice(0, MAX_EMBEDDING_CHARS);
}

/** Entries are shared with every caller: frozen, so one caller cannot change another's view. */
function freezeEntry(entry: KbEntry): KbEntry {
  Object.freeze(entry.tags);
  Object.freeze(entry.tables);
  return Object.freeze(entry);
}

/** What a log line may say about a failure: our code and user-safe message, never a raw driver or SDK error. */
function failureFields(error: unknown): { code?: string; reason: string } {
  if (isThreadsqlError(error)) return { code: error.code, reason: error.message };
  return { reason: error instanceof Error ? error.name : 'unknown' };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
