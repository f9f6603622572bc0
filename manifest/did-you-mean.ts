import { distance } from 'fastest-levenshtein';

const normalize = (s: string) => s.toLowerCase().replace(/-/g, '_');

/**
 * The candidate a mistyped word most likely meant (`imgaes` -> `images`, `fail-on` -> `fail_on`), or
 * undefined when none is close: one edit for words of up to 3 letters, else two or a third of the letters
 * (a swap of two letters counts as two edits).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = normalize(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(w, normalize(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined || best === word) return undefined;
  const allowed = w.length <= 3 ? 1 : Math.max(2, Math.floor(w.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` did you mean "X"?` ready to append to a sentence, or an empty string. */
export function didYouMeanSuffix(word: string, candidates: readonly string[]): string {
  const guess = didYouMean(word, candidates);
  return guess === undefined ? '' : `; did you mean "${guess}"?`;
}
