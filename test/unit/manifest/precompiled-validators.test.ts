import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { PRECOMPILED_BY_ID } from '../../../manifest/precompiled-validators.js';
import { generateValidatorsSource, PRECOMPILED } from '../../../manifest/validator-source.js';

describe('the validators compiled ahead of time', () => {
  it('are those of the schemas as they are now (npm run generate:validators after changing one)', () => {
    const committed = fs.readFileSync(new URL('../../../manifest/generated/schema-validators.ts', import.meta.url), 'utf8');
    expect(committed === generateValidatorsSource()).toBe(true);
  });

  it('cover every schema the product validates against, by $id', () => {
    expect(Object.values(PRECOMPILED).map((s) => typeof PRECOMPILED_BY_ID[s.$id as string])).toEqual(['function', 'function', 'function']);
    const manifest = PRECOMPILED_BY_ID[PRECOMPILED.manifest.$id as string];
    expect(manifest({ version: 1, images: { api: { method: 'dockerfile' } }, notify: { email: { to: ['team@example.com'] } } })).toBe(true);
    expect(manifest({ version: 1, images: { api: { method: 'dockerfile' } }, notify: { email: { to: ['not an address'] } } })).toBe(false);
    expect(manifest({ version: 1, images: { api: { method: 'dockerfle' } } })).toBe(false);
  });
});
