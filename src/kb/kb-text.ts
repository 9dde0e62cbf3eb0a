// Words of a question as the knowledge base reads them: the FTS5 MATCH expression built from a
// user's question (safe whatever they type), and the content words the no-model close match
// compares. No storage here.

/**
 * Words that carry no topic: question words, articles, prepositions, auxiliaries, and request
 * phrasing ("show me", "give", "list"). Dropped from the MATCH expression (they would match nearly
 * every example) and from close-match comparisons.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of in on at to for from by with within into onto per each every all any ' +
    'is are was were be been being am do does did done has have had having will would shall should can could may might must ' +
    'what which who whom whose when where why how many much there here this that these those it its ' +
    'i me my we us our ours you your they them their he she his her ' +
    'show give list tell get find display see let lets please want need know ' +
    'as than then so such also just only very about over under between across ' +
    'vs versus via if else not no'
  ).split(' '),
);
// Note: "not"/"no" are stop words for full-text search only; the close match keeps them (CONTRAST).

/** Longest question fragment the MATCH expression uses: a 10,000-character paste costs no more than this. */
export const MAX_MATCH_TOKENS = 24;

/** Lower-cased words: letters, digits and combining marks, in any script (NFKC first, so full-width forms fold). */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * An FTS5 MATCH expression for a question, or undefined when no searchable word is left.
 *
 * Safe by construction: every term is a double-quoted FTS5 string built only from letters,
 * digits and marks (a `"` can never appear inside), joined with OR. So AND/OR/NOT/NEAR typed by
 * a user are plain words, and `* : ( ) ^ -` and quotes are separators. Terms of four or more
 * characters also match as prefixes ("month"* finds "monthly", stored by porter as "monthli"),
 * an "-ly" word also asks for its root ("weekly" → "week"), a number word for its digits and a
 * few everyday words for the warehouse's word ("sales" → "revenue"). Stop words are dropped.
 */
export function ftsMatchExpression(question: string): string | undefined {
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    if (seen.has(term) || terms.length >= MAX_MATCH_TOKENS * 2) return;
    seen.add(term);
    terms.push(term);
  };
  let used = 0;
  for (const word of words(question)) {
    if (STOP_WORDS.has(word) || seen.has(`"${word}"`) || seen.has(`"${word}"*`)) continue;
    if (used++ >= MAX_MATCH_TOKENS) break;
    add(term(word));
    const root = lyRoot(word);
    if (root) add(term(root));
    // "ten" also finds "10", "sales" also finds "revenue": the folds the close match uses.
    const folded = NUMBER_WORDS[word] ?? SEARCH_SYNONYMS[word];
    if (folded) add(term(folded));
  }
  return terms.length > 0 ? terms.join(' OR ') : undefined;
}

function term(word: string): string {
  return word.length >= 4 ? `"${word}"*` : `"${word}"`;
}

/** "monthly" → "month", "daily" → "day"; undefined when the word is no "-ly" form worth expanding. */
function lyRoot(word: string): string | undefined {
  if (word === 'daily') return 'day';
  if (word.length > 5 && word.endsWith('ly') && /^\p{L}+$/u.test(word)) return word.slice(0, -2);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Content words for the close match (kb/close-match.ts)

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', fifteen: '15', twenty: '20', fifty: '50', hundred: '100',
};

/**
 * Words that mean the same for a close match, folded to one form. Only near-synonyms whose swap
 * never changes the answer; anything subtler is a model's job.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  without: 'exclude', excluding: 'exclude', excluded: 'exclude', exclude: 'exclude', except: 'exclude', excl: 'exclude', minus: 'exclude',
  including: 'include', included: 'include', include: 'include', incl: 'include', plus: 'include',
  top: 'most', highest: 'most', best: 'most', biggest: 'most', largest: 'most', most: 'most',
  bottom: 'least', lowest: 'least', worst: 'least', smallest: 'least', fewest: 'least', least: 'least',
  daily: 'day', weekly: 'week', monthly: 'month', yearly: 'year', annual: 'year', annually: 'year', quarterly: 'quarter',
  sales: 'revenue',
  clients: 'customer', client: 'customer', buyers: 'customer', buyer: 'customer',
  staff: 'employee', employees: 'employee', workers: 'employee',
};

/** The SYNONYMS that name a thing (not a direction or an exclusion), usable as extra search terms. */
const SEARCH_SYNONYMS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SYNONYMS).filter(([word, folded]) => word !== folded && !['exclude', 'include', 'most', 'least'].includes(folded)),
);

/**
 * Words that change which rows an answer covers; kept even though some are stop words for search.
 * A question that has one the example lacks is never a close match (see close-match.ts).
 */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(['exclude', 'include', 'not', 'no', 'most', 'least', 'gross', 'net']);

/** Request phrasing that never changes an answer ("total", "breakdown"): ignored by the close match. */
const FILLER = new Set(['total', 'totals', 'number', 'numbers', 'figure', 'figures', 'amount', 'data', 'breakdown', 'overview', 'report', 'value', 'values']);

/** Content words of a question, folded (numbers, synonyms, a light English stemmer) for the close match. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    const folded = NUMBER_WORDS[word] ?? SYNONYMS[word];
    if (folded) {
      out.push(folded);
      continue;
    }
    if (word === 'not' || word === 'no') {
      out.push(word);
      continue;
    }
    if (STOP_WORDS.has(word) || FILLER.has(word)) continue;
    const stemmed = stem(word);
    // "gets", "shows", "totals": stop and filler words in another form.
    if (STOP_WORDS.has(stemmed) || FILLER.has(stemmed)) continue;
    out.push(stemmed);
  }
  return out;
}

/**
 * A light stemmer, enough to fold plural and verb forms of the same word ("orders", "ordered",
 * "ordering" → "order"; "categories" → "category"); digits and non-Latin words are left alone.
 */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return undoubled(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undoubled(word.slice(0, -2));
  if (word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** "shipp" → "ship"; leaves "fall", "pass" alone (doubled l and s are part of the root). */
function undoubled(root: string): string {
  return /([b-df-hj-km-np-rtv-z])\1$/.test(root) && !/(ll|ss)$/.test(root) ? root.slice(0, -1) : root;
}
