import { describe, expect, it } from '@jest/globals';
import { isRealDate } from '../../../manifest/check-scan.js';
import { oneImage, problemLines } from './check-helpers.js';

const ignore = (...entries: string[]) => oneImage(['method: dockerfile', 'scan:', '  ignore:', ...entries.map((e) => `    - ${e}`)]);

describe('scan.ignore', () => {
  it('accepts ids and { id, until, reason } entries', () => {
    expect(problemLines(ignore('CVE-2024-0001', '{ id: GHSA-jfh8-c2jp-5v3q, until: 2024-02-29, reason: vendor says safe }', '{ id: ALAS2-2023-1234, until: "2026-01-01T00:00:00+02:00" }'))).toEqual([]);
  });

  it('refuses dates that do not exist and ids listed twice', () => {
    expect(problemLines(ignore('CVE-2024-0001', '{ id: CVE-2024-0002, until: 2026-02-30 }', '{ id: CVE-2024-0001 }'))).toEqual([
      '8:39 "2026-02-30" is not a real date (at images.api.scan.ignore[1].until)',
      '9:11 CVE-2024-0001 is ignored twice (also item 1) (at images.api.scan.ignore[2])',
    ]);
  });

  it('refuses an entry without id, and misspelled ids', () => {
    expect(problemLines(ignore('{ until: 2026-01-01 }', 'CVE-24-1', 'GHSA-0000-0000-0000'))).toEqual([
      '7:11 missing required key "id" (at images.api.scan.ignore[0])',
      '8:11 "CVE-24-1" is not valid: a vulnerability id looks like CVE-2024-12345 or GHSA-xxxx-xxxx-xxxx (at images.api.scan.ignore[1])',
      '9:11 "GHSA-0000-0000-0000" is not valid: a vulnerability id looks like CVE-2024-12345 or GHSA-xxxx-xxxx-xxxx (at images.api.scan.ignore[2])',
    ]);
  });

  it.each([['2024-02-29', true], ['2023-02-29', false], ['2026-04-31', false], ['2026-12-31T23:59:59Z', true], ['2026-12-31T25:00:00Z', false]])('isRealDate(%s) is %s', (text, real) => {
    expect(isRealDate(text)).toBe(real);
  });
});
