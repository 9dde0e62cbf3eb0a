// Example questions to offer a user who asked something the KB cannot answer alone (no model
// configured) or who asks for help: a stable selection that covers different topics.

/** What a suggestion needs from an example. */
export interface SuggestionSource {
  filePath: string;
  question: string;
  tags: readonly string[];
}

/**
 * Up to `n` questions, picked greedily: each round takes the example whose tags are most common
 * across the KB (central topics first: revenue, orders, customers) among those sharing the fewest
 * tags with the ones already picked, so three suggestions are three different topics. Ties go to
 * the file path, so the same KB always offers the same questions.
 */
export function pickSuggestions(examples: readonly SuggestionSource[], n: number): string[] {
  if (n <= 0) return [];
  const frequency = new Map<string, number>();
  for (const e of examples) for (const t of new Set(e.tags)) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const centrality = (e: SuggestionSource) =>
    e.tags.length === 0 ? 0 : e.tags.reduce((sum, t) => sum + (frequency.get(t) ?? 0), 0) / e.tags.length;

  const remaining = [...examples].sort((a, b) => a.filePath.localeCompare(b.filePath));
  const covered = new Set<string>();
  const picked: string[] = [];
  while (picked.length < n && remaining.length > 0) {
    let bestIndex = 0;
    let best: { overlap: number; centrality: number } | undefined;
    remaining.forEach((e, i) => {
      const candidate = { overlap: e.tags.filter((t) => covered.has(t)).length, centrality: centrality(e) };
      if (!best || candidate.overlap < best.overlap || (candidate.overlap === best.overlap && candidate.centrality > best.centrality)) {
        best = candidate;
        bestIndex = i;
      }
    });
    const [chosen] = remaining.splice(bestIndex, 1);
    for (const t of chosen!.tags) covered.add(t);
    picked.push(chosen!.question);
  }
  return picked;
}
