import { ACTIONS, type ActionId } from '../actions.js';
import { mostRestrictive, type Cell, type Source } from '../cells.js';
import type { RoleId } from '../roles.js';

/**
 * One row of one table of a document: the cells of the roles that table has a column for. A role the table
 * leaves out has no cell here (it is not a deny: see policies/matrix-conflicts.md, "Rules").
 */
export interface MatrixRow {
  /** The actions the row speaks about (a row of document 003 speaks about exactly one). */
  actions: readonly ActionId[];
  source: Source;
  cells: Partial<Record<RoleId, Cell>>;
  /** The document's name for each role's column, where the row has several. */
  columns?: Partial<Record<RoleId, string>>;
}

/**
 * The rows of one table of document 003, each given as its action and its cells in the table's column
 * order. The row name is the operation's name (policies/actions.ts).
 */
export function table003(title: string, columns: readonly RoleId[], rows: readonly [ActionId, readonly Cell[]][]): MatrixRow[] {
  return rows.map(([action, cells]) => {
    if (cells.length !== columns.length) {
      throw new Error(`document 003, ${title}: ${action} has ${cells.length} cells for ${columns.length} columns`);
    }
    const byRole: Partial<Record<RoleId, Cell>> = {};
    columns.forEach((role, i) => (byRole[role] = cells[i]));
    return { actions: [action], source: { document: '003', table: title, row: ACTIONS[action].name }, cells: byRole };
  });
}

/**
 * The rows of a table of another document (000, 002, 004) that speak about operations of document 003. Each
 * column is the document's label and the role it stands for; two columns for one role (002's Owner and
 * Admin) give that role the more restrictive of the two.
 */
export function documentTable(
  source: Pick<Source, 'document' | 'table'>,
  columns: readonly (readonly [label: string, role: RoleId])[],
  rows: readonly [row: string, actions: readonly ActionId[], cells: readonly Cell[]][],
): MatrixRow[] {
  return rows.map(([row, actions, cells]) => {
    if (cells.length !== columns.length) {
      throw new Error(`document ${source.document}, ${source.table}: ${row} has ${cells.length} cells for ${columns.length} columns`);
    }
    const byRole: Partial<Record<RoleId, Cell>> = {};
    const labels: Partial<Record<RoleId, string>> = {};
    columns.forEach(([label, role], i) => {
      const before = byRole[role];
      byRole[role] = before === undefined ? cells[i] : mostRestrictive(before, cells[i]);
      labels[role] = labels[role] === undefined ? label : `${labels[role]}/${label}`;
    });
    return { actions, source: { ...source, row }, cells: byRole, columns: labels };
  });
}
