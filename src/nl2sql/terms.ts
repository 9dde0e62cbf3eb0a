// Words for matching a question against schema names: lower-cased, identifiers split at `_` and
// camelCase, a few English stop words dropped, and a light stemmer (plural s/es/ies, -ing, -ed)
// applied the same way on both sides, so "categories" meets `category` and "rented" meets `rent`.

// Question filler that would otherwise match column names such as `name` or `count` everywhere.
const STOP_WORDS = new Set(
  (
    'a an and are as at be by can did do does each for from get give had has have how i in into is it its ' +
    'list me my of on or our per please show that the their them then there these this those to us was ' +
    'we were what when where which who whose why will with would you your all any many much number total ' +
    'top most least more less than over under between during about vs versus only also just now ' +
    'same every been being tell find display return want need'
  ).split(/\s+/),
);

/** Stem one lower-case word: plural s/es/ies, -ing, -ed. Deliberately crude; applied to both sides. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return undouble(w.slice(0, -3));
  if (w.length > 4 && w.endsWith('ed')) return undouble(w.slice(0, -2));
  return w;
}

// "shipped" → "shipp" → "ship"
function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

/** Words of a natural-language question: lower-cased, stop words and bare numbers dropped, stemmed, unique. */
export function questionTerms(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (const word of words) {
    if (word.length < 2 || STOP_WORDS.has(word) || /^\p{N}+$/u.test(word)) continue;
    out.add(stem(word));
  }
  return [...out];
}

/** Words of an identifier: `film_actor` → film, actor; `orderLineItems` → order, line, item. */
export function identifierTerms(name: string): string[] {
  const spaced = name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const words = spaced.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length >= 2 && !/^\p{N}+$/u.test(w)).map(stem);
}

/** Words of free text (a comment, an enum value): like a question, stop words dropped. */
export function textTerms(text: string): string[] {
  return questionTerms(text);
}
