import { readFileSync } from 'node:fs';
import { isActionId, type ActionId } from '../../../policies/actions.js';
import { describeCell } from '../../../policies/cells.js';
import { MATRIX } from '../../../policies/effective-matrix.js';
import { isRoleId, type RoleId } from '../../../policies/roles.js';

/** One line of a table of policies/matrix-conflicts.md (the conflicts C01..., the inheritance inversions I01...). */
export interface ListedLine {
  id: string;
  /** Its line number in the file. */
  line: number;
  actions: ActionId[];
  roles: RoleId[];
  /** The enforced column: the product's answer for each of the line's (action, role) pairs, as `imagefactory can --matrix` prints it. */
  enforced: string;
  why: string;
}

export const CONFLICTS_FILE = 'policies/matrix-conflicts.md';

/** The product's answer for an action and role, as `imagefactory can --matrix` prints it. */
export function enforcedCell(action: ActionId, role: RoleId): string {
  return describeCell(MATRIX[action][role].cell);
}

/** A table row's cells, split on the pipes that are not escaped (`\|`). */
const cellsOf = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim().replace(/\\\|/g, '|'));

/** The lines of the table whose ids start with `prefix`; a malformed line is a fault naming its line. */
export function listedLines(prefix: 'C' | 'I'): ListedLine[] {
  const text = readFileSync(new URL(`../../../${CONFLICTS_FILE}`, import.meta.url), 'utf8');
  const lines: ListedLine[] = [];
  let header: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const cells = cellsOf(raw);
    const at = `${CONFLICTS_FILE}:${i + 1}`;
    if (cells[0] === 'id') header = cells;
    if (!new RegExp(`^${prefix}\\d+$`).test(cells[0] ?? '')) return;
    const column = (name: string) => {
      const k = header.indexOf(name);
      if (k < 0 || cells[k] === undefined) throw new Error(`${at}: ${cells[0]} has no ${name} column`);
      return cells[k];
    };
    const list = (name: string) => column(name).replace(/`/g, '').split(',').map((s) => s.trim());
    const actions = list('action');
    const roles = list('roles');
    for (const a of actions) if (!isActionId(a)) throw new Error(`${at}: ${cells[0]} names an unknown action ${JSON.stringify(a)}`);
    for (const r of roles) if (!isRoleId(r)) throw new Error(`${at}: ${cells[0]} names an unknown role ${JSON.stringify(r)}`);
    const enforced = /^`([^`]+)`$/.exec(column('enforced'))?.[1];
    if (enforced === undefined) throw new Error(`${at}: ${cells[0]}'s enforced column must be one answer in backticks, as imagefactory can --matrix prints it`);
    const why = column('why');
    if (why === '') throw new Error(`${at}: ${cells[0]} says nothing in its why column`);
    lines.push({ id: cells[0], line: i + 1, actions: actions as ActionId[], roles: roles as RoleId[], enforced, why });
  });
  return lines;
}

/** Every (action, role) pair a table lists, as `action role`, with its line; a pair listed twice is a fault. */
export function listedPairs(prefix: 'C' | 'I' = 'C'): ReadonlyMap<string, ListedLine> {
  const pairs = new Map<string, ListedLine>();
  for (const line of listedLines(prefix)) {
    for (const action of line.actions) {
      for (const role of line.roles) {
        const key = `${action} ${role}`;
        const before = pairs.get(key);
        if (before) throw new Error(`${CONFLICTS_FILE}:${line.line}: ${line.id} lists ${key}, which ${before.id} lists already`);
        pairs.set(key, line);
      }
    }
  }
  return pairs;
}
