import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { verifyCell } from './cell-checks.js';
import { dataRows, labelMarks, normName, overviewTests, TEXT_ROWS } from './documents-000-002-cells.js';
import { listedPairs } from './listed-conflicts.js';

/**
 * Documents 000 and 002 read from their text: the matrix data's rows of theirs match the text cell by cell,
 * the product agrees with every such cell or the disagreement is listed with the product's exact answer
 * (000 and 002 decide only where documents 003 and 004 are silent), and every row the data leaves out is
 * named in policies/matrix-conflicts.md or policies/not-ours.md.
 */
const listedText = normName(
  ['matrix-conflicts.md', 'not-ours.md'].map((f) => readFileSync(new URL(`../../../policies/${f}`, import.meta.url), 'utf8')).join('\n'),
);
const listed = listedPairs();

for (const document of ['000', '002'] as const) {
  describe(`document ${document}`, () => {
    const textRows = TEXT_ROWS[document];
    const rows = dataRows(document);

    test('the text has the rows the data quotes', () => {
      expect(textRows.length).toBeGreaterThan(10);
      for (const { data, text } of rows) expect([data.source.row, text !== undefined]).toEqual([data.source.row, true]);
    });

    test('the data reads each quoted cell as the text marks it', () => {
      for (const { data, text } of rows) {
        for (const { role, marks } of text ? labelMarks(data, text) : []) {
          const denies = marks.some(({ mark }) => mark === '❌' || mark === '░░░░');
          expect([data.source.row, role, data.cells[role]]).toEqual([data.source.row, role, denies ? 'deny' : 'allow']);
        }
      }
    });

    test('every row the data leaves out is named in matrix-conflicts.md or not-ours.md', () => {
      const mapped = new Set(rows.map(({ data }) => normName(data.source.row)));
      const missing = textRows.filter((r) => !mapped.has(normName(r.name)) && !listedText.includes(normName(r.name))).map((r) => r.name);
      expect(missing).toEqual([]);
    });

    for (const t of overviewTests(document)) {
      test(t.name, () => {
        expect(t.cells.length).toBeGreaterThan(0);
        for (const cell of t.cells) verifyCell(cell, listed);
      });
    }
  });
}
