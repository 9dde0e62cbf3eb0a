// Estimated cost of one model call from a per-model price table that config passes in.
// An empty table, or a model missing from it, means "unknown": null, never a guessed zero.

/** Prices in currency units (normally USD) per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** `{ "gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 } }`; keys are model names. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/**
 * Cost of a call, rounded to a millionth; null when the model has no price.
 * The model is looked up exactly, then case-insensitively, then as a dated or tagged variant of a
 * priced model (`gpt-4o-mini-2024-07-18` and `llama3.1:8b` match `gpt-4o-mini` and `llama3.1`;
 * the longest such key wins), because endpoints answer with the dated name of the model asked for.
 */
export function estimateCost(prices: PriceTable, model: string, promptTokens: number, completionTokens: number): number | null {
  const price = findPrice(prices, model);
  if (!price) return null;
  const cost = (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1_000_000;
  return Math.round(cost * 1_000_000) / 1_000_000;
}

/** The price entry for `model`, or undefined. */
export function findPrice(prices: PriceTable, model: string): ModelPrice | undefined {
  if (Object.hasOwn(prices, model)) return prices[model];
  const lower = model.toLowerCase();
  let best: { key: string; price: ModelPrice } | undefined;
  for (const [key, price] of Object.entries(prices)) {
    const k = key.toLowerCase();
    if (k === lower) return price;
    const isVariant = lower.startsWith(k) && /^[-:@]/.test(lower.slice(k.length));
    if (isVariant && (!best || key.length > best.key.length)) best = { key, price };
  }
  return best?.price;
}
