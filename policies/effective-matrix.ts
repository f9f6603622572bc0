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
  /** No document speaks for the role (nor for any role it inherits from) on this operation: a deny. */
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

/** The rows' answer for a role (the more restrictive where several speak), or undefined when none has a column for it. */
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

/**
 * The most permissive answer of the roles `role` inherits from, re-scoped to its reach; an answer no document
 * gives (`unlisted`) only when none of them has another. Undefined for a role that inherits from none.
 */
function inherit(action: ActionId, role: RoleId, done: Partial<Record<RoleId, EffectiveCell>>): EffectiveCell | undefined {
  const confined = ASSIGNED_PROJECT_ROLES.includes(role);
  let best: EffectiveCell | undefined;
  for (const child of ROLE_INHERITS[role]) {
    const from = done[child] as EffectiveCell;
    const candidate: EffectiveCell = { ...from, cell: confine(from.cell, confined), inheritedFrom: from.inheritedFrom ?? child };
    if (candidate.unlisted && best !== undefined) continue;
    best = best === undefined || best.unlisted ? candidate : widerOf(best, candidate);
    if (best === undefined) throw new Error(`${role} inherits two different conditional answers for ${action}: decide one in the matrix data`);
  }
  return best;
}

/** A plain allow of a role bound to its assigned projects reaches those projects (document 003, Permission Flow). */
function scoped(found: EffectiveCell, role: RoleId): EffectiveCell {
  return { ...found, cell: confine(found.cell, ASSIGNED_PROJECT_ROLES.includes(role)) };
}

/**
 * Document 004's answer for a role document 003 leaves out: the answer of the roles it inherits from
 * (Permission Inheritance), merged with 004's resource rules where they speak for it: their deny stands,
 * their allow reaches at least the role's assigned projects. Undefined when 004 is silent too (no rule, and
 * no role it inherits from has an answer).
 */
function fromDocument004(action: ActionId, role: RoleId, rows004: readonly MatrixRow[], done: Partial<Record<RoleId, EffectiveCell>>): EffectiveCell | undefined {
  const found = inherit(action, role, done);
  const inherited = found?.unlisted ? undefined : found;
  const rule = fromRows(rows004, role);
  if (rule === undefined) return inherited;
  const granted = scoped(rule, role);
  if (granted.cell === 'deny' || inherited === undefined) return granted;
  return widerOf(granted, inherited) ?? granted;
}

/**
 * A role's answer, by precedence: its cells in document 003 (the more restrictive when two tables hold the
 * operation); where 003 has no column for it, document 004 (inheritance and resource rules); where both are
 * silent, documents 000 and 002 (the more restrictive of their rows); with none, deny.
 */
function effectiveCell(action: ActionId, role: RoleId, rows: ActionRows, done: Partial<Record<RoleId, EffectiveCell>>): EffectiveCell {
  const own = fromRows(rows.document003, role) ?? fromDocument004(action, role, rows.document004, done);
  if (own) return own;
  const overview = fromRows(rows.overviews, role);
  if (overview) return scoped(overview, role);
  return { cell: deny, source: rows.document003[0].source, unlisted: true };
}

/** The rows that speak about one action, by document. */
interface ActionRows {
  document003: readonly MatrixRow[];
  document004: readonly MatrixRow[];
  /** Documents 000 and 002. */
  overviews: readonly MatrixRow[];
}

/** The matrix as enforced: document 003, then 004 where 003 is silent, then 000 and 002 where both are. */
export function buildMatrix(rows003: readonly MatrixRow[], otherRows: readonly MatrixRow[]): Matrix {
  const matrix = {} as Record<ActionId, Record<RoleId, EffectiveCell>>;
  for (const action of ACTION_IDS) {
    const document003 = rows003.filter((r) => r.actions.includes(action));
    if (document003.length === 0) throw new Error(`no row of document 003 holds ${action}`);
    const others = otherRows.filter((r) => r.actions.includes(action));
    const rows: ActionRows = {
      document003,
      document004: others.filter((r) => r.source.document === '004'),
      overviews: others.filter((r) => r.source.document !== '004'),
    };
    const cells: Partial<Record<RoleId, EffectiveCell>> = {};
    for (const role of BOTTOM_UP) cells[role] = effectiveCell(action, role, rows, cells);
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
