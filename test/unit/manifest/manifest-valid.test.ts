import { describe, expect, it } from '@jest/globals';
import { parseManifest } from '../../../manifest/load-manifest.js';
import type { Manifest } from '../../../manifest/types.js';
import { fixtureText, problemsOf } from './fixtures.js';

const VALID: [string, string[]][] = [
  ['valid/minimal.yml', ['api']],
  ['valid/full.yml', ['api']],
  ['valid/anchors.yml', ['api', 'worker']],
  ['valid/ignore-entries.yml', ['api']],
  ['valid/roles-and-approvers.yml', ['api']],
  ['valid/triggers.yml', ['site', 'docs.v2']],
];

function parsed(name: string): Manifest {
  const result = parseManifest(fixtureText(name), name);
  if (!result.ok) throw new Error(`${name} should be valid: ${JSON.stringify(result.problems)}`);
  return result.value;
}

describe('valid manifests', () => {
  it.each(VALID)('%s is valid with images %j', (name, images) => {
    expect(problemsOf(name)).toEqual([]);
    expect(Object.keys(parsed(name).images)).toEqual(images);
  });

  it('keeps scan.ignore entries as written: ids and { id, until, reason }', () => {
    expect(parsed('valid/ignore-entries.yml').images.api.scan?.ignore).toEqual([
      'CVE-2024-12345',
      { id: 'CVE-2023-44487', until: '2026-01-31', reason: 'HTTP/2 is not exposed' },
      { id: 'GHSA-xxxx-xxxx-xxxx', until: '2026-03-01T12:00:00Z' },
      'RUSTSEC-2024-0001',
    ]);
  });

  it('applies merge keys and drops x- extension keys from the value', () => {
    const manifest = parsed('valid/anchors.yml');
    expect(manifest.images.worker).toEqual({ method: 'kaniko', scan: { fail_on: ['CRITICAL'] }, context: 'services/worker', approval: { required: true, timeout: '7d' } });
    expect(Object.keys(manifest)).toEqual(['version', 'images']);
  });

  it('reads dates as text (YAML 1.2), so until stays "2026-06-30"', () => {
    const ignore = parsed('valid/full.yml').images.api.scan?.ignore?.[1];
    expect(ignore).toEqual({ id: 'GHSA-jfh8-c2jp-5v3q', until: '2026-06-30', reason: 'not reachable: the parser is never called' });
  });
});
