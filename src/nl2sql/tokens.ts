// A cheap token estimate for prompt budgets, without a tokenizer package.
//
// Why this formula: BPE tokenizers (OpenAI's o200k/cl100k, Llama's, Qwen's) average about 4
// characters per token on English prose and 3–3.5 on SQL and snake_case identifiers, which split
// at every underscore. Dividing ASCII text by 3.6 over-estimates prose slightly and lands close on
// DDL and SQL, the bulk of a prompt. Non-ASCII characters (accents, Cyrillic, CJK) often take a
// token each, so they count as one. Budgets are upper bounds, so erring high is the safe side:
// a prompt estimated at N tokens is rarely larger than N on a real tokenizer.

const ASCII_CHARS_PER_TOKEN = 3.6;

/** Estimated tokens in `text`: ceil(asciiChars / 3.6 + nonAsciiChars). */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + other);
}

/** Per-message overhead of the chat format (role markers, separators), in tokens. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** The longest prefix of `text` estimated at no more than `maxTokens` tokens (cut on a code-point boundary). */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  const chars = Array.from(text);
  // Binary search on the number of code points kept; estimateTokens is monotonic in the prefix length.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(chars.slice(0, mid).join('')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('');
}
