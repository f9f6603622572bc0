import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { isActionId } from '../../../policies/actions.js';
import { cellWhere, compare, mismatches, ROLE_OF_COLUMN, verifyCell, type DocumentCell, type Mismatch } from './cell-checks.js';
import { cells003, otherTableCells, pageTables, permissionTables, roleColumns } from './document-003-cells.js';
import { crossTenantRoles } from './document-004-cells.js';
import { kebab } from './document-tables.js';
import { listedPairs } from './listed-conflicts.js';

/**
 * One test per cell of document 003's permission tables, generated from the document's text: allow cells
 * are allowed (in the cell's scope), deny cells refused, conditional cells tried on both sides of their
 * condition. Document 003 decides wherever it has a cell, so the product answers otherwise only where 003's
 * other table for the same operation is the more restrictive (and the product answers as that table), or
 * where 004's Security Model keeps a role out of another tenant; each such cell is listed in
 * policies/matrix-conflicts.md with the product's exact answer.
 */
const listed = listedPairs();
const crossTenant = crossTenantRoles();
const counted = { cells: 0, requests: 0, overridden: new Set<string>() };

afterAll(() => {
  console.log(
    `document 003: ${counted.cells} cells tested (${counted.requests} requests) in ${permissionTables.length} tables; ` +
      `${counted.overridden.size} cells answered otherwise, each listed in policies/matrix-conflicts.md`,
  );
});

test('the document has the twelve permission tables and the page-access table', () => {
  expect(permissionTables.map((t) => [t.title, t.rows.length])).toEqual([
    ['PROJECT SCOPE OPERATIONS MATRIX', 7],
    ['BUILD CONFIG OPERATIONS MATRIX', 5],
    ['BUILD OPERATIONS MATRIX', 8],
    ['PROJECT OPERATIONS MATRIX', 5],
    ['USER MANAGEMENT MATRIX', 7],
    ['ROLE MANAGEMENT MATRIX', 6],
    ['TENANT MANAGEMENT MATRIX', 7],
    ['SECURITY OPERATIONS MATRIX', 6],
    ['ADMIN & SETTINGS MATRIX', 5],
    ['AUDIT & COMPLIANCE MATRIX', 5],
    ['BUILD METHOD AVAILABILITY BY ROLE', 4],
    ['Tool Configuration', 5],
  ]);
  expect(pageTables.map((t) => [t.title, t.rows.length])).toEqual([['PAGE ACCESS MATRIX', 14]]);
  for (const t of permissionTables) {
    for (const column of roleColumns(t)) expect(ROLE_OF_COLUMN).toHaveProperty([column]);
    for (const row of t.rows) expect([kebab(row.name), isActionId(kebab(row.name))]).toEqual([kebab(row.name), true]);
  }
});

test('every page of the page-access table is listed in policies/not-ours.md', () => {
  const notOurs = readFileSync(new URL('../../../policies/not-ours.md', import.meta.url), 'utf8');
  expect(pageTables[0].rows.map((r) => r.name).filter((page) => !notOurs.includes(`| ${page} |`))).toEqual([]);
});

/**
 * The only reasons the product may answer a cell of 003 otherwise: 004's Security Model keeps the role out
 * of another tenant, or 003's other table holding the operation gives the role a different, more
 * restrictive cell and the product answers exactly as that one.
 */
function excused(cell: DocumentCell, m: Mismatch): boolean {
  if (m.outcome !== 'stricter') return false;
  const { context } = m.check;
  if (context.resourceTenant !== context.subjectTenant && !crossTenant.includes(cell.role)) return true;
  return otherTableCells(cell).some((other) => other.marker !== cell.marker && mismatches(other).length === 0);
}

function verify(cell: DocumentCell) {
  counted.requests += cell.checks.length;
  const found = verifyCell(cell, listed);
  if (found.length > 0) counted.overridden.add(cellWhere(cell));
  for (const m of found) {
    if (!excused(cell, m)) throw new Error(`the product overrules document 003 where neither 003's other table nor the Security Model decides: ${m.what}`);
  }
  const denied = cell.checks.find((c) => c.label === 'denied');
  if (denied) expect(compare(cell.role, cell.action, denied).source).toMatch(new RegExp(`^document 003, .*: ${cell.row.replace(/[()]/g, '\\$&')}`));
}

for (const t of permissionTables) {
  describe(t.title, () => {
    for (const row of t.rows) {
      for (const column of roleColumns(t)) {
        test(`${row.name} / ${column}: ${row.cells[column]}`, () => {
          counted.cells += 1;
          for (const cell of cells003(t, row, column)) verify(cell);
        });
      }
    }
  });
}
