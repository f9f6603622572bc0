import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findManifest, loadManifestFile } from '../../../manifest/load-manifest.js';
import { FIXTURES } from './fixtures.js';

describe('finding and loading a manifest', () => {
  let both: string;
  beforeAll(() => {
    both = mkdtempSync(path.join(tmpdir(), 'imagefactory-both-'));
    writeFileSync(path.join(both, '.imagefactory.yml'), 'version: 1\n');
    writeFileSync(path.join(both, '.imagefactory.yaml'), 'version: 1\n');
  });
  afterAll(() => rmSync(both, { recursive: true, force: true }));

  it('reads .imagefactory.yml in a folder, and .imagefactory.yaml', () => {
    expect(findManifest(`${FIXTURES}repo`)).toEqual({ ok: true, file: path.join(`${FIXTURES}repo`, '.imagefactory.yml') });
    expect(findManifest(`${FIXTURES}repo-yaml`)).toEqual({ ok: true, file: path.join(`${FIXTURES}repo-yaml`, '.imagefactory.yaml') });
  });

  it('says why there is nothing to read', () => {
    expect(findManifest(`${FIXTURES}nowhere`)).toEqual({ ok: false, reason: `${FIXTURES}nowhere does not exist` });
    expect(findManifest(`${FIXTURES}valid`)).toEqual({ ok: false, reason: `no .imagefactory.yml or .imagefactory.yaml in ${FIXTURES}valid` });
    expect(findManifest(both)).toEqual({ ok: false, reason: `both .imagefactory.yml and .imagefactory.yaml are in ${both}: keep one` });
  });

  it('loads a valid manifest, checking files against the checkout when asked', async () => {
    const repo = `${FIXTURES}repo`;
    const loaded = await loadManifestFile(repo, { repoRoot: repo });
    expect(loaded).toMatchObject({ ok: true, file: path.join(repo, '.imagefactory.yml'), value: { version: 1 } });
    expect(Object.keys(loaded.ok ? loaded.value.images : {})).toEqual(['api', 'site']);
  });

  it('returns the problems of an invalid manifest, and a reason for a missing one', async () => {
    const broken = await loadManifestFile(`${FIXTURES}repo-broken`, { repoRoot: `${FIXTURES}repo-broken` });
    expect(broken.ok ? [] : 'problems' in broken ? broken.problems.map((p) => `${p.line}:${p.col} ${p.message}`) : [broken.missing]).toEqual([
      '6:14 build context "services/api" does not exist in the repository',
      '7:5 unknown key "tag"; did you mean "tags"?',
    ]);
    expect(await loadManifestFile(`${FIXTURES}nowhere`)).toEqual({ ok: false, file: `${FIXTURES}nowhere`, missing: `${FIXTURES}nowhere does not exist` });
  });
});
