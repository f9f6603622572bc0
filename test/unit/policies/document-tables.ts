import { readFileSync } from 'node:fs';

/**
 * Reads the tables of the product documents (docs/product/*.txt) from their own text, independently of the
 * matrix data in policies/: the text has one cell per line; a header row is `| <name> |` followed by one
 * line per column name; a data row is `| <name> |` (or `/<page> |`) followed by one line per column.
 */
export interface DocTable {
  title: string;
  line: number;
  columns: string[];
  rows: DocRow[];
  /** Lines starting with `*` after the table: what its `*` markers mean. */
  footnotes: string[];
}

export interface DocRow {
  name: string;
  line: number;
  cells: Record<string, string>;
}

export function readProductDocument(file: string): string {
  return readFileSync(new URL(`../../../docs/product/${file}`, import.meta.url), 'utf8');
}

const rowStart = /^(?:\|\s*(.+?)\s*\||(\/\S*)\s*\|)$/;
const cellText = (line: string) => line.replace(/\s*\|$/, '').trim();

/** Every table whose header's first cell is one of `headers`, in the order of the text. */
export function parseTables(text: string, headers: readonly string[]): DocTable[] {
  const lines = text.split('\n').map((l) => l.trim());
  const tables: DocTable[] = [];
  let current: DocTable | undefined;
  let i = 0;
  while (i < lines.length) {
    const start = rowStart.exec(lines[i]);
    const name = start ? (start[1] ?? start[2]) : undefined;
    if (name !== undefined && start?.[1] !== undefined && headers.includes(name)) {
      const previous = lines[i - 1] ?? '';
      const columns: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j].endsWith('|') && !rowStart.test(lines[j])) columns.push(cellText(lines[j++]));
      current = { title: previous.endsWith('|') || previous === '' ? name : previous, line: i + 1, columns, rows: [], footnotes: [] };
      tables.push(current);
      i = j;
    } else if (name !== undefined && current) {
      const cells = lines.slice(i + 1, i + 1 + current.columns.length);
      if (cells.length !== current.columns.length || !cells.every((c) => c.endsWith('|'))) {
        throw new Error(`line ${i + 1}: row ${name} of ${current.title} does not have ${current.columns.length} cells`);
      }
      current.rows.push({ name, line: i + 1, cells: Object.fromEntries(current.columns.map((c, k) => [c, cellText(cells[k])])) });
      i += 1 + current.columns.length;
    } else {
      if (lines[i].startsWith('*') && tables.length > 0) tables[tables.length - 1].footnotes.push(lines[i]);
      current = undefined;
      i += 1;
    }
  }
  return tables;
}

/** An operation name in the kebab case of `imagefactory can`: `&` read as `and`, parentheses dropped. */
export function kebab(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[()]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
