import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A module Temporal loads by path: the compiled file (`.js`, `.cjs`) when running from dist/, the source
 * (`.ts`, `.cts`) otherwise.
 */
export function moduleFile(url: URL): string {
  const js = fileURLToPath(url);
  return fs.existsSync(js) ? js : js.replace(/\.(c?)js$/, '.$1ts');
}
