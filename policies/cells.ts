import type { BuildMethod } from '../manifest/types.js';

/**
 * A condition a conditional cell puts on the request:
 * - `own`: the subject authored the resource (the build, or the build config);
 * - `tenant`: the resource is in the subject's tenant;
 * - `assigned`: the subject is assigned to the resource's project (for a tenant-level resource: to a project
 *   of that tenant);
 * - `{ method }`: the request's build method is one of these;
 * - `enabled-tools`: the tool chosen is one the tenant has enabled.
 */
export type Condition = 'own' | 'tenant' | 'assigned' | 'enabled-tools' | { method: readonly BuildMethod[] };

/** One role's answer for one operation. */
export type Cell = 'allow' | 'deny' | { if: readonly Condition[] };

/** Where an answer comes from: a document, a table (or section), a row, and for some a column. */
export interface Source {
  document: '000' | '002' | '003' | '004';
  table: string;
  row: string;
  column?: string;
}

export const allow: Cell = 'allow';
export const deny: Cell = 'deny';

export function when(...conditions: Condition[]): Cell {
  return { if: sortConditions(conditions) };
}

const CONDITION_ORDER = ['tenant', 'assigned', 'own', 'method', 'enabled-tools'];

function conditionKey(c: Condition): string {
  return typeof c === 'string' ? c : 'method';
}

function sortConditions(conditions: readonly Condition[]): Condition[] {
  return [...conditions].sort((a, b) => CONDITION_ORDER.indexOf(conditionKey(a)) - CONDITION_ORDER.indexOf(conditionKey(b)));
}

export function conditionText(c: Condition): string {
  return typeof c === 'string' ? c : `method in ${c.method.join(',')}`;
}

/** `allow`, `deny`, or `allow if <condition> and <condition>`, as `imagefactory can --matrix` prints it. */
export function describeCell(cell: Cell): string {
  return typeof cell === 'string' ? cell : `allow if ${cell.if.map(conditionText).join(' and ')}`;
}

export function formatSource(s: Source): string {
  return `document ${s.document}, ${s.table}: ${s.row}${s.column === undefined ? '' : `, ${s.column}`}`;
}

function strictness(cell: Cell): number {
  return cell === 'deny' ? 0 : cell === 'allow' ? 2 : 1;
}

function sameConditions(a: readonly Condition[], b: readonly Condition[]): boolean {
  return a.length === b.length && a.every((c, i) => conditionText(c) === conditionText(b[i]));
}

export function sameCell(a: Cell, b: Cell): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return sameConditions(a.if, b.if);
}

/**
 * Both cells' conditions at once: method lists intersect (an empty intersection is a deny); `assigned`
 * makes `tenant` redundant, as the projects one is assigned to are in one's tenant.
 */
function intersect(a: readonly Condition[], b: readonly Condition[]): Cell {
  const plain = new Set<Condition>();
  let methods: BuildMethod[] | undefined;
  for (const c of [...a, ...b]) {
    if (typeof c === 'string') plain.add(c);
    else methods = methods === undefined ? [...c.method] : methods.filter((m) => c.method.includes(m));
  }
  if (methods !== undefined && methods.length === 0) return deny;
  if (plain.has('assigned')) plain.delete('tenant');
  return when(...plain, ...(methods === undefined ? [] : [{ method: methods }]));
}

/** The more restrictive of two answers (both must hold). */
export function mostRestrictive(a: Cell, b: Cell): Cell {
  if (typeof a !== 'string' && typeof b !== 'string') return intersect(a.if, b.if);
  return strictness(a) <= strictness(b) ? a : b;
}

/**
 * The more permissive of two answers (either suffices), or undefined when neither contains the other (two
 * different conditional cells): the caller must then decide in data.
 */
export function mostPermissive(a: Cell, b: Cell): Cell | undefined {
  if (typeof a !== 'string' && typeof b !== 'string') {
    if (sameCell(mostRestrictive(a, b), a)) return b;
    if (sameCell(mostRestrictive(a, b), b)) return a;
    return undefined;
  }
  return strictness(a) >= strictness(b) ? a : b;
}

/**
 * Another role's answer, for a role that does (`confined`) or does not reach only its assigned projects:
 * `assigned` is removed, then added again for a confined role, unless the answer is tenant-wide by its own
 * marker (`tenant`).
 */
export function confine(cell: Cell, confined: boolean): Cell {
  const rest = without(cell, 'assigned');
  if (!confined || rest === 'deny') return rest;
  if (rest !== 'allow' && rest.if.includes('tenant')) return cell;
  return rest === 'allow' ? when('assigned') : when(...rest.if, 'assigned');
}

/** The cell without one plain condition (an allow when none is left). */
function without(cell: Cell, condition: 'assigned'): Cell {
  if (typeof cell === 'string') return cell;
  const rest = cell.if.filter((c) => c !== condition);
  return rest.length === 0 ? allow : when(...rest);
}
