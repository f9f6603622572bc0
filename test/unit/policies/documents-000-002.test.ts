import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import type { RoleId } from '../../../policies/roles.js';
import { OTHER_DOCUMENT_ROWS } from '../../../policies/matrix/index.js';
import { fullAccessChecks, listedConflicts, verifyChecks } from './cell-checks.js';
import { parseTables, readProductDocument } from './document-tables.js';

/**
 * Documents 000 and 002 read from their text: the matrix data's rows of theirs match the text cell by cell,
 * the product agrees with every such cell or the conflict is listed, and every row the data leaves out is
 * named in policies/matrix-conflicts.md or policies/not-ours.md.
 */
type TextRow = { name: string; cells: Record<string, string> };
const norm = (name: string) => name.toLowerCase().replace(/\s*\(new\)/g, '').replace(/\s+/g, ' ').trim();

function rows000(): TextRow[] {
  const text = readProductDocument('000-user-journeys.txt');
  const block = text.slice(text.indexOf('\nBy Role\n'), text.indexOf('\nAccess Levels\n'));
  const columns = ['Owner', 'Admin', 'Member', 'Viewer'];
  return block.split('\n').flatMap((line) => {
    const m = /^(.+?) ((?:(?:████|░░░░) ?){4})$/.exec(line.trim());
    if (!m) return [];
    const marks = m[2].trim().split(' ');
    return [{ name: m[1], cells: Object.fromEntries(columns.map((c, i) => [c, marks[i]])) }];
  });
}

function rows002(): TextRow[] {
  const text = readProductDocument('002-owner-admin-feature-matrix.txt');
  const out: TextRow[] = [];
  let columns: string[] = [];
  let section = '';
  for (const line of text.split('\n').filter((l) => l.startsWith('║'))) {
    const [first, ...rest] = line.replace(/^║/, '').split('│').map((c) => c.trim());
    const marks = rest.filter((c) => c !== '' && c !== '║');
    if (first === 'FEATURE') columns = marks;
    else if (first.startsWith('- ')) out.push({ name: `${section} - ${first.slice(2)}`, cells: Object.fromEntries(columns.map((c, i) => [c, marks[i]])) });
    else section = first;
  }
  for (const t of parseTables(text, ['Feature'])) {
    for (const row of t.rows) out.push({ name: `${t.title.replace(/^\S+\s+/, '')} - ${row.name}`, cells: row.cells });
  }
  return out;
}

const listedText = norm(
  ['matrix-conflicts.md', 'not-ours.md'].map((f) => readFileSync(new URL(`../../../policies/${f}`, import.meta.url), 'utf8')).join('\n'),
);
const conflicts = listedConflicts();

for (const [document, textRows] of [['000', rows000()], ['002', rows002()]] as const) {
  describe(`document ${document}`, () => {
    const dataRows = OTHER_DOCUMENT_ROWS.filter((r) => r.source.document === document);
    const byName = new Map(textRows.map((r) => [norm(r.name), r]));

    test('the text has the rows the data quotes', () => {
      expect(textRows.length).toBeGreaterThan(10);
      for (const row of dataRows) expect([row.source.row, byName.has(norm(row.source.row))]).toEqual([row.source.row, true]);
    });

    test('every row the data leaves out is named in matrix-conflicts.md or not-ours.md', () => {
      const mapped = new Set(dataRows.map((r) => norm(r.source.row)));
      const missing = textRows.filter((r) => !mapped.has(norm(r.name)) && !listedText.includes(norm(r.name))).map((r) => r.name);
      expect(missing).toEqual([]);
    });

    for (const row of dataRows) {
      test(`${row.source.row}`, () => {
        const text = byName.get(norm(row.source.row)) as TextRow;
        for (const [role, labels] of Object.entries(row.columns ?? {}) as [RoleId, string][]) {
          const marks = labels.split('/').map((label) => text.cells[label]);
          const denies = marks.some((m) => m === '❌' || m === '░░░░');
          expect([role, row.cells[role]]).toEqual([role, denies ? 'deny' : 'allow']);
          for (const action of row.actions) {
            for (const mark of marks) verifyChecks(role, action, fullAccessChecks(mark, action), `document ${document} (${row.source.row}, ${labels})`, conflicts);
          }
        }
      });
    }
  });
}
