import { ACTION_IDS, type ActionId } from './actions.js';
import { confine, deny, mostPermissive, mostRestrictive, sameCell, type Cell, type Source } from './cells.js';
import { DOCUMENT_003_ROWS, OTHER_DOCUMENT_ROWS, type MatrixRow } from './matrix/index.js';
import { ASSIGNED_PROJECT_ROLES, ROLE_IDS, ROLE_INHERITS, type RoleId } from './roles.js';

/** A role's answer for an operation as the product enforces it, and where it comes from. */
export interface EffectiveCell {
  cell: Cell;
  source: Source;
  /** The role whose answer this is, when the role has no column in document 003's tables for the operation. */
  inheritedFrom?: RoleId;
  /** No document speaks for the role (nor for any role it inherits from) on this operation. */
  unlisted?: true;
}

export type Matrix = Readonly<Record<ActionId, Readonly<Record<RoleId, EffectiveCell>>>>;

/** Every role after the roles it inherits from. */
const BOTTOM_UP: readonly RoleId[] = (() => {
  const order: RoleId[] = [];
  const visit = (r: RoleId) => {
    if (order.includes(r)) return;
    ROLE_INHERITS[r].forEach(visit);
    order.push(r);
  };
  ROLE_IDS.forEach(visit);
  return order;
})();

function sourceFor(row: MatrixRow, role: RoleId): Source {
  const column = row.columns?.[role];
  return column === undefined ? row.source : { ...row.source, column };
}

/** The answer after `row` has had its say: the more restrictive one wins, and names its source. */
function restrict(current: EffectiveCell, row: MatrixRow, role: RoleId): EffectiveCell {
  const cell = row.cells[role];
  if (cell === undefined) return current;
  const merged = mostRestrictive(current.cell, cell);
  return sameCell(merged, current.cell) ? current : { cell: merged, source: sourceFor(row, role) };
}

function fromRows(rows: readonly MatrixRow[], role: RoleId): EffectiveCell | undefined {
  const speaking = rows.filter((r) => r.cells[role] !== undefined);
  if (speaking.length === 0) return undefined;
  const [first, ...rest] = speaking;
  return rest.reduce((acc, row) => restrict(acc, row, role), { cell: first.cells[role] as Cell, source: sourceFor(first, role) });
}

/** The more permissive of two answers (the first when they are the same), or undefined when neither contains the other. */
function widerOf(a: EffectiveCell, b: EffectiveCell): EffectiveCell | undefined {
  const wider = mostPermissive(a.cell, b.cell);
  if (wider === undefined) return undefined;
  return sameCell(wider, a.cell) ? a : b;
}

function inherit(action: ActionId, role: RoleId, done: Partial<Record<RoleId, EffectiveCell>>): EffectiveCell | undefined {
  const confined = ASSIGNED_PROJECT_ROLES.includes(role);
  let best: EffectiveCell | undefined;
  for (const child of ROLE_INHERITS[role]) {
    const from = done[child] as EffectiveCell;
    const candidate: EffectiveCell = { ...from, cell: confine(from.cell, confined), inheritedFrom: from.inheritedFrom ?? child };
    best = best === undefined ? candidate : widerOf(best, candidate);
    if (best === undefined) throw new Error(`${role} inherits two different conditional answers for ${action}: decide one in the matrix data`);
  }
  return best;
}

/**
 * A role's answer before other documents restrict it: its cells in document 003 (the more restrictive when
 * two tables hold the operation). A role document 003 leaves out answers as the roles it inherits from;
 * where document 004's resource rules speak for it (project-manager), they decide whether it may: their deny
 * stands, their allow reaches at least the role's assigned projects. With neither, deny.
 */
function baseCell(action: ActionId, role: RoleId, rows003: readonly MatrixRow[], rows004: readonly MatrixRow[], done: Partial<Record<RoleId, EffectiveCell>>): EffectiveCell {
  const own = fromRows(rows003, role);
  if (own) return own;
  const inherited = inherit(action, role, done);
  const rule = fromRows(rows004, role);
  if (rule) {
    const granted = { ...rule, cell: confine(rule.cell, ASSIGNED_PROJECT_ROLES.includes(role)) };
    if (granted.cell === 'deny' || inherited === undefined) return granted;
    return widerOf(granted, inherited) ?? granted;
  }
  return inherited ?? { cell: deny, source: rows003[0].source, unlisted: true };
}

/** The matrix as enforced: document 003, completed and restricted by the other documents' rows. */
export function buildMatrix(rows003: readonly MatrixRow[], otherRows: readonly MatrixRow[]): Matrix {
  const matrix = {} as Record<ActionId, Record<RoleId, EffectiveCell>>;
  for (const action of ACTION_IDS) {
    const primary = rows003.filter((r) => r.actions.includes(action));
    if (primary.length === 0) throw new Error(`no row of document 003 holds ${action}`);
    const others = otherRows.filter((r) => r.actions.includes(action));
    const rules = others.filter((r) => r.source.document === '004');
    const cells: Partial<Record<RoleId, EffectiveCell>> = {};
    for (const role of BOTTOM_UP) {
      const base = baseCell(action, role, primary, rules, cells);
      cells[role] = others.reduce((acc, row) => restrict(acc, row, role), base);
    }
    matrix[action] = cells as Record<RoleId, EffectiveCell>;
  }
  return matrix;
}

export const MATRIX: Matrix = buildMatrix(DOCUMENT_003_ROWS, OTHER_DOCUMENT_ROWS);

/** The row (the first, when two tables hold it) of document 003 an action comes from. */
export function documentSource(action: ActionId): Source {
  const row = DOCUMENT_003_ROWS.find((r) => r.actions.includes(action));
  if (row === undefined) throw new Error(`no row of document 003 holds ${action}`);
  return row.source;
}
