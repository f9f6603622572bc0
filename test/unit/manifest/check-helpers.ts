import { parseManifest, type ParseManifestOptions } from '../../../manifest/load-manifest.js';

/** `LINE:COL message (at PATH)` for each problem of an inline manifest. */
export function problemLines(text: string, opts: ParseManifestOptions = {}): string[] {
  const result = parseManifest(text, 'm.yml', opts);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.message}${p.path ? ` (at ${p.path})` : ''}`);
}

/** A manifest with one image whose body is `lines` (indented under `api:`), then `extra` top-level lines. */
export function oneImage(lines: string[], extra: string[] = []): string {
  return ['version: 1', 'images:', '  api:', ...lines.map((l) => `    ${l}`), ...extra, ''].join('\n');
}
