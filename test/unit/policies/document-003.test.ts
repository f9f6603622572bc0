import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { isActionId, type ActionId } from '../../../policies/actions.js';
import { checksFor, compare, listedConflicts, methodsNamed, ROLE_OF_COLUMN, verifyChecks, type Check } from './cell-checks.js';
import { kebab, parseTables, readProductDocument, type DocTable } from './document-tables.js';

/**
 * One test per cell of document 003's permission tables, generated from the document's text: allow cells
 * are allowed (in the cell's scope), deny cells refused, conditional cells tried on both sides of their
 * condition. Where the product is stricter than a cell, policies/matrix-conflicts.md must list that
 * operation and role; the product is never looser.
 */
const tables = parseTables(readProductDocument('003-permission-matrix.txt'), ['Operation', 'Build Method', 'Tool Configuration', 'Page']);
const isPermissionTable = (t: DocTable) => t.columns.every((c) => c === 'Scope' || Object.hasOwn(ROLE_OF_COLUMN, c));
const pageTables = tables.filter((t) => isPermissionTable(t) && t.rows.every((r) => r.name.startsWith('/')));
const permissionTables = tables.filter((t) => isPermissionTable(t) && t.rows.every((r) => !r.name.startsWith('/')));
const conflicts = listedConflicts();
const counted = { cells: 0, requests: 0, overridden: new Set<string>() };

afterAll(() => {
  console.log(
    `document 003: ${counted.cells} cells tested (${counted.requests} requests) in ${permissionTables.length} tables; ` +
      `${counted.overridden.size} cells answered more restrictively, each listed in policies/matrix-conflicts.md`,
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
    for (const column of t.columns) if (column !== 'Scope') expect(ROLE_OF_COLUMN).toHaveProperty([column]);
    for (const row of t.rows) expect([kebab(row.name), isActionId(kebab(row.name))]).toEqual([kebab(row.name), true]);
  }
});

test('every page of the page-access table is listed in policies/not-ours.md', () => {
  const notOurs = readFileSync(new URL('../../../policies/not-ours.md', import.meta.url), 'utf8');
  expect(pageTables[0].rows.map((r) => r.name).filter((page) => !notOurs.includes(`| ${page} |`))).toEqual([]);
});

function verify(t: DocTable, rowName: string, column: string, action: ActionId, checks: Check[]) {
  counted.requests += checks.length;
  const where = `document 003 (${t.title}, ${rowName}, ${column})`;
  if (verifyChecks(ROLE_OF_COLUMN[column], action, checks, where, conflicts) > 0) counted.overridden.add(where);
  const denied = checks.find((c) => c.label === 'denied');
  if (denied) expect(compare(ROLE_OF_COLUMN[column], action, denied).source).toMatch(new RegExp(`^document 003, .*: ${rowName.replace(/[()]/g, '\\$&')}`));
}

for (const t of permissionTables) {
  describe(t.title, () => {
    for (const row of t.rows) {
      const action = kebab(row.name) as ActionId;
      for (const column of t.columns.filter((c) => c !== 'Scope')) {
        const marker = row.cells[column];
        test(`${row.name} / ${column}: ${marker}`, () => {
          counted.cells += 1;
          const checks = checksFor(marker, t.footnotes);
          verify(t, row.name, column, action, checks);
          // A build method's row also governs a build with that method.
          for (const method of t.title.startsWith('BUILD METHOD') ? methodsNamed(row.name) : []) {
            verify(t, row.name, column, 'create-build', [{ ...checks[0], label: `create-build with method ${method}`, context: { ...checks[0].context, method } }]);
          }
        });
      }
    }
  });
}
