// Ranks a schema's tables for a question: words of the question against table and column names,
// comments and enum values (weighted, rarer words count more), boosted tables from KB examples and
// earlier turns, then the tables that join the best ones and their foreign-key neighbours.
import type { SchemaDescription } from '../warehouse/schema-types.ts';
import { indexSchema, resolveName, WEIGHT, type Field, type IndexedTable, type SchemaIndex } from './schema-index.ts';
import { questionTerms } from './terms.ts';

// A word that only starts (or is the start of) a schema word — "rent" and `rental` — counts half.
const PREFIX_FACTOR = 0.5;
const PREFIX_MIN_CHARS = 4;
// Extra share of the name weight when the question contains every word of a table's name.
const WHOLE_NAME_BONUS = 0.5;
// The best few tables ("seeds") pull in the tables joining them and their foreign-key neighbours,
// at this share of their own score.
const SEED_TABLES = 6;
const SEED_MIN_SHARE = 0.25;
const NEIGHBOUR_SHARE = 0.35;
// customer → address → city → country is three hops; longer chains are rarely what a question means.
const BRIDGE_MAX_HOPS = 3;

/** Tables ranked for a question ("schema.name", score), best first; tables with no score are left out. */
export function rankTables(schema: SchemaDescription, question: string, boostTables: string[] = []): Array<{ table: string; score: number }> {
  const index = indexSchema(schema);
  return rankIndexed(index, questionTerms(question), boostTables).map((r) => ({ table: r.entry.key, score: r.score }));
}

/**
 * Rank in three tiers: the seeds (the best-matching and boosted tables), then the tables on the
 * shortest foreign-key paths between seeds (what a join needs: address between customer and
 * city), then everything else that scored or neighbours a seed, by own score plus neighbour lift.
 */
export function rankIndexed(index: SchemaIndex, terms: string[], boostTables: string[]): Array<{ entry: IndexedTable; score: number }> {
  const own = scoreTables(index, terms);
  // A boosted table (from a matched KB example or an earlier turn) ties with the best match.
  const boost = Math.max(1, ...own.values());
  const boosted = new Set<string>();
  for (const name of boostTables) {
    const key = resolveName(index, name);
    if (key && !boosted.has(key)) {
      boosted.add(key);
      own.set(key, (own.get(key) ?? 0) + boost);
    }
  }

  const sorted = [...own.entries()].filter(([, s]) => s > 0).sort(byScore);
  const top = sorted[0]?.[1] ?? 0;
  const seeds = sorted.filter(([key, s]) => boosted.has(key) || s >= top * SEED_MIN_SHARE).slice(0, Math.max(SEED_TABLES, boosted.size));
  const seedKeys = new Set(seeds.map(([key]) => key));

  const bridges = new Map<string, number>();
  for (let i = 0; i < seeds.length; i++) {
    const path = shortestPaths(index, seeds[i]![0], seedKeys);
    for (let j = i + 1; j < seeds.length; j++) {
      const between = path.get(seeds[j]![0]) ?? [];
      const lift = Math.min(seeds[i]![1], seeds[j]![1]) * NEIGHBOUR_SHARE;
      for (const key of between) if (!seedKeys.has(key)) bridges.set(key, (bridges.get(key) ?? 0) + lift);
    }
  }

  const others = new Map<string, number>();
  for (const [key, score] of own) if (score > 0 && !seedKeys.has(key) && !bridges.has(key)) others.set(key, score);
  for (const [key, score] of seeds) {
    for (const neighbour of index.neighbours.get(key) ?? []) {
      if (seedKeys.has(neighbour) || bridges.has(neighbour)) continue;
      others.set(neighbour, (others.get(neighbour) ?? 0) + score * NEIGHBOUR_SHARE);
    }
  }

  const tiers = [
    seeds,
    [...bridges.entries()].map(([key, lift]) => [key, lift + (own.get(key) ?? 0)] as [string, number]).sort(byScore),
    [...others.entries()].sort(byScore),
  ];
  return tiers.flat().map(([key, score]) => ({ entry: index.byKey.get(key)!, score }));
}

function byScore(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || a[0].localeCompare(b[0]);
}

/**
 * From `start`, the intermediate tables of a shortest foreign-key path (either direction, at most
 * BRIDGE_MAX_HOPS hops) to each of `targets` that can be reached. Breadth-first, deterministic.
 */
function shortestPaths(index: SchemaIndex, start: string, targets: ReadonlySet<string>): Map<string, string[]> {
  const parent = new Map<string, string>([[start, start]]);
  let frontier = [start];
  for (let hop = 0; hop < BRIDGE_MAX_HOPS && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const neighbour of index.neighbours.get(key) ?? []) {
        if (parent.has(neighbour)) continue;
        parent.set(neighbour, key);
        // A path runs through seeds only at its ends: the shortest route between two seeds that
        // crosses a third is that seed's own pair of paths.
        if (!targets.has(neighbour)) next.push(neighbour);
      }
    }
    frontier = next;
  }
  const paths = new Map<string, string[]>();
  for (const target of targets) {
    if (target === start || !parent.has(target)) continue;
    const between: string[] = [];
    for (let at = parent.get(target)!; at !== start; at = parent.get(at)!) between.push(at);
    paths.set(target, between.reverse());
  }
  return paths;
}

/** Tables by foreign-key links in and out (hubs first), then estimated rows: the fallback when nothing matches. */
export function byConnections(index: SchemaIndex): IndexedTable[] {
  const degree = (t: IndexedTable) => t.table.foreignKeys.length + (index.referencedBy.get(t.key)?.size ?? 0);
  return [...index.tables].sort((a, b) => degree(b) - degree(a) || (b.table.rowEstimate ?? 0) - (a.table.rowEstimate ?? 0) || a.key.localeCompare(b.key));
}

/** Score each table: for every question word, its best field weight there times the word's rarity (idf). */
function scoreTables(index: SchemaIndex, terms: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  const idfs = new Map<string, number>();
  const n = index.tables.length;
  for (const term of terms) {
    const hits: Array<[string, number]> = [];
    for (const entry of index.tables) {
      const w = bestWeight(entry.fields, term);
      if (w > 0) hits.push([entry.key, w]);
    }
    if (hits.length === 0) continue;
    const idf = Math.log(1 + n / hits.length);
    idfs.set(term, idf);
    for (const [key, w] of hits) scores.set(key, (scores.get(key) ?? 0) + w * idf);
  }
  // A table whose whole name the question says ("actors" → actor, "film actors" → film_actor) is
  // what the question is about, more than a view that merely mentions the word (actor_info).
  const asked = new Set(terms);
  for (const entry of index.tables) {
    if (entry.nameTerms.length === 0 || !entry.nameTerms.every((t) => asked.has(t))) continue;
    const bonus = WEIGHT.tableName * WHOLE_NAME_BONUS * entry.nameTerms.reduce((sum, t) => sum + (idfs.get(t) ?? 0), 0);
    scores.set(entry.key, (scores.get(entry.key) ?? 0) + bonus);
  }
  return scores;
}

function bestWeight(fields: Field[], term: string): number {
  let best = 0;
  for (const field of fields) {
    if (field.weight <= best) continue;
    if (field.terms.has(term)) {
      best = field.weight;
      continue;
    }
    const prefixWeight = field.weight * PREFIX_FACTOR;
    if (prefixWeight <= best) continue;
    for (const t of field.terms) {
      if (isPrefixMatch(term, t)) {
        best = prefixWeight;
        break;
      }
    }
  }
  return best;
}

function isPrefixMatch(a: string, b: string): boolean {
  if (a.length < b.length) return a.length >= PREFIX_MIN_CHARS && b.startsWith(a);
  return b.length >= PREFIX_MIN_CHARS && a.startsWith(b);
}

