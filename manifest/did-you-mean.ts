import { distance } from 'fastest-levenshtein';

const normalize = (s: string) => s.toLowerCase().replace(/-/g, '_');
const letters = (s: string) => [...s].sort().join('');

/** Levenshtein distance, counting a swap of two letters (`imgaes`) as one edit instead of two. */
function editDistance(a: string, b: string): number {
  const d = distance(a, b);
  return d === 2 && a.length === b.length && letters(a) === letters(b) ? 1 : d;
}

/**
 * The candidate a mistyped word most likely meant (`imgaes` -> `images`, `fail-on` -> `fail_on`), or
 * undefined when none is close: at most a third of the word's letters (and at least one) differ, a swap
 * of two neighbours counting as one.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(w, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined || best === word) return undefined;
  return bestDistance <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}

/** ` did you mean "X"?` ready to append to a sentence, or an empty string. */
export function didYouMeanSuffix(word: string, candidates: readonly string[]): string {
  const guess = didYouMean(word, candidates);
  return guess === undefined ? '' : `; did you mean "${guess}"?`;
}
