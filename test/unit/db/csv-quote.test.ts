import { describe, expect, it } from '@jest/globals';
import { csvLine } from '../../../db/export-audit-events.js';
import { parseCsv } from '../../integration/db/parse-csv.js';

describe('CSV quoting of the audit export', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
  ])('quotes %j as %j', (value, quoted) => {
    expect(csvLine([value])).toBe(`${quoted}\n`);
  });

  it('round-trips through an RFC 4180 reader, nulls as empty fields', () => {
    const values = ['plain', '', 'a,b', 'say "hi"', 'two\nlines', '=1+2', 'é ✓'];
    const line = csvLine([...values, null]);
    expect(parseCsv(line)).toEqual([[...values, null]]);
  });
});
