/**
 * Durations in manifests and timeouts: one or more `<integer><unit>` parts, units ms, s, m, h, d
 * (`30s`, `15m`, `72h`, `7d`, `1h30m`). Pure, with no Node imports: workflow code imports this file.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The whole-string grammar; the JSON Schema's duration pattern is the same expression. */
export const DURATION_PATTERN = '^([0-9]+(ms|s|m|h|d))+$';

const WHOLE = new RegExp(DURATION_PATTERN);
const PART = /([0-9]+)(ms|s|m|h|d)/g;

/** Milliseconds for a duration string, or undefined when the text is not a duration. */
export function tryParseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || !WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Milliseconds for a duration string such as `72h`; throws a RangeError naming the text when it is not one. */
export function parseDuration(text: string): number {
  const ms = tryParseDuration(text);
  if (ms === undefined) {
    throw new RangeError(`"${String(text)}" is not a duration: write a number and a unit (ms, s, m, h, d), for example 30s, 15m, 72h or 7d`);
  }
  return ms;
}
