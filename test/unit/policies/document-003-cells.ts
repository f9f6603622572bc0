import type { ActionId } from '../../../policies/actions.js';
import { checksFor, methodsNamed, ROLE_OF_COLUMN, type DocumentCell } from './cell-checks.js';
import { kebab, parseTables, readProductDocument, type DocRow, type DocTable } from './document-tables.js';

/** Document 003's tables, read from its text. */
const tables = parseTables(readProductDocument('003-permission-matrix.txt'), ['Operation', 'Build Method', 'Tool Configuration', 'Page']);
const isPermissionTable = (t: DocTable) => t.columns.every((c) => c === 'Scope' || Object.hasOwn(ROLE_OF_COLUMN, c));

export const pageTables = tables.filter((t) => isPermissionTable(t) && t.rows.every((r) => r.name.startsWith('/')));
export const permissionTables = tables.filter((t) => isPermissionTable(t) && t.rows.every((r) => !r.name.startsWith('/')));

/** The role columns of a table (its Scope column describes the resource). */
export const roleColumns = (t: DocTable) => t.columns.filter((c) => c !== 'Scope');

/**
 * What one cell of document 003 promises: requests on both sides of its condition (`checksFor`), for its
 * operation; a build method's row also governs Create Build with that method.
 */
export function cells003(t: DocTable, row: DocRow, column: string): DocumentCell[] {
  const marker = row.cells[column];
  const checks = checksFor(marker, t.footnotes);
  const cell: DocumentCell = { document: '003', table: t.title, row: row.name, column, marker, role: ROLE_OF_COLUMN[column], action: kebab(row.name) as ActionId, checks };
  const methods = t.title.startsWith('BUILD METHOD') ? methodsNamed(row.name) : [];
  return [
    cell,
    ...methods.map((method) => ({
      ...cell,
      action: 'create-build' as const,
      checks: [{ ...checks[0], label: `create-build with method ${method}`, context: { ...checks[0].context, method } }],
    })),
  ];
}

/** Every cell of document 003's permission tables. */
export function document003Cells(): DocumentCell[] {
  return permissionTables.flatMap((t) => t.rows.flatMap((row) => roleColumns(t).flatMap((column) => cells003(t, row, column))));
}

/** The cells another table of document 003 gives the same operation and role (View, Create, Edit, Delete Project). */
export function otherTableCells(cell: DocumentCell): DocumentCell[] {
  if (cell.document !== '003' || kebab(cell.row) !== cell.action) return [];
  return permissionTables
    .filter((t) => t.title !== cell.table)
    .flatMap((t) => t.rows.filter((r) => kebab(r.name) === cell.action).flatMap((row) => roleColumns(t).filter((c) => ROLE_OF_COLUMN[c] === cell.role).map((column) => cells003(t, row, column)[0])));
}
