import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseManifest, type ParseManifestOptions } from '../../../manifest/load-manifest.js';
import type { Problem } from '../../../manifest/problem.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

/** The problems a fixture reports (an empty list when it is valid). */
export function problemsOf(name: string, opts: ParseManifestOptions = {}): Problem[] {
  const result = parseManifest(fixtureText(name), name, opts);
  return result.ok ? [] : result.problems;
}

/** `LINE:COL message` for compact expectations. */
export const brief = (p: Problem) => `${p.line}:${p.col} ${p.message}`;

/** What a test expects of one problem: its exact position (LINE:COL) and a fragment of its message. */
export type Expected = [position: string, fragment: string];
