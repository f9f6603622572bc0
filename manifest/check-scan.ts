import type { SemanticCheck } from './validate-yaml.js';
import { eachImage, entryAt, isEntry } from './walk.js';

/** True when `YYYY-MM-DD` (optionally followed by a time) names a day that exists. */
export function isRealDate(text: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && !Number.isNaN(Date.parse(text));
}

/** `scan.ignore`: each vulnerability once, and `until` a day that exists (no 2026-02-30). */
export const checkScan: SemanticCheck = function checkScanIgnores(manifest, ctx) {
  for (const [name, image] of eachImage(manifest)) {
    const ignore = entryAt(image, 'scan')?.ignore;
    if (!Array.isArray(ignore)) continue;
    const seen = new Map<string, number>();
    ignore.forEach((entry: unknown, i) => {
      const at = ['images', name, 'scan', 'ignore', i];
      const id = typeof entry === 'string' ? entry : isEntry(entry) && typeof entry.id === 'string' ? entry.id : undefined;
      if (id !== undefined && seen.has(id)) ctx.report(at, `${id} is ignored twice (also item ${seen.get(id)! + 1})`);
      else if (id !== undefined) seen.set(id, i);
      const until = isEntry(entry) ? entry.until : undefined;
      if (typeof until === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(until) && !isRealDate(until)) {
        ctx.report([...at, 'until'], `${JSON.stringify(until)} is not a real date`);
      }
    });
  }
};
