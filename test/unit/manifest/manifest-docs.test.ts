import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import schema from '../../../manifest/imagefactory.schema.json' with { type: 'json' };
import { parseManifest } from '../../../manifest/load-manifest.js';
import { TAG_PLACEHOLDERS } from '../../../manifest/tag-template.js';
import { schemaFields } from './schema-walk.js';

const docs = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README.md (the manifest reference)', () => {
  it('documents every field of the schema', () => {
    const missing = schemaFields(schema as never).map((f) => f.path).filter((path) => !docs.includes(`\`${path}\``));
    expect(missing).toEqual([]);
  });

  it('documents every placeholder', () => {
    for (const name of TAG_PLACEHOLDERS) expect(docs).toContain(`\`{{${name}}}\``);
  });

  it('holds manifests that are valid', () => {
    const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('version: 1'));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) expect(parseManifest(block, 'README.md')).toMatchObject({ ok: true });
  });

  it('shows both schema comment forms', () => {
    expect(docs).toContain('# yaml-language-server: $schema=https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory.schema.json');
    expect(docs).toContain('# yaml-language-server: $schema=../../../../manifest/imagefactory.schema.json');
  });
});
