import type { MatrixRow } from '../../../policies/matrix/index.js';
import { OTHER_DOCUMENT_ROWS } from '../../../policies/matrix/index.js';
import type { RoleId } from '../../../policies/roles.js';
import { fullAccessChecks, type DocumentCell, type DocumentTest } from './cell-checks.js';
import { parseTables, readProductDocument } from './document-tables.js';

/** A row of document 000's or 002's tables, read from the text: its name and its cell per column label. */
export type TextRow = { name: string; cells: Record<string, string> };

export const normName = (name: string) => name.toLowerCase().replace(/\s*\(new\)/g, '').replace(/\s+/g, ' ').trim();

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

export const TEXT_ROWS = { '000': rows000(), '002': rows002() } as const;

/** The matrix data's rows of a document, each with the row of the text it quotes (undefined when the text has none). */
export function dataRows(document: '000' | '002'): { data: MatrixRow; text: TextRow | undefined }[] {
  const byName = new Map(TEXT_ROWS[document].map((r) => [normName(r.name), r]));
  return OTHER_DOCUMENT_ROWS.filter((r) => r.source.document === document).map((data) => ({ data, text: byName.get(normName(data.source.row)) }));
}

/** A row's cells as the text gives them: per role its column labels (002's Owner and Admin are one role), per label its mark. */
export function labelMarks(data: MatrixRow, text: TextRow): { role: RoleId; marks: { label: string; mark: string }[] }[] {
  return (Object.entries(data.columns ?? {}) as [RoleId, string][]).map(([role, labels]) => ({
    role,
    marks: labels.split('/').map((label) => ({ label, mark: text.cells[label] })),
  }));
}

/** One test per data row of documents 000 and 002: every cell of the row's text, for every action the row maps to. */
export function overviewTests(document: '000' | '002'): DocumentTest[] {
  return dataRows(document).map(({ data, text }) => ({
    group: `document ${document}`,
    name: data.source.row,
    cells: text === undefined ? [] : labelMarks(data, text).flatMap(({ role, marks }) =>
      data.actions.flatMap((action) => marks.map(({ label, mark }): DocumentCell => ({
        document, table: data.source.table, row: data.source.row, column: label, marker: mark, role, action, checks: fullAccessChecks(mark, action),
      }))),
    ),
  }));
}
