import { describe, expect, test } from '@jest/globals';
import type { ActionId } from '../../../policies/actions.js';
import type { RoleId } from '../../../policies/roles.js';
import { disagreements } from './all-document-cells.js';
import { cellWhere } from './cell-checks.js';
import { enforcedCell, listedLines, listedPairs } from './listed-conflicts.js';

/**
 * policies/matrix-conflicts.md against the product and the documents, as a whole: the conflicts table lists
 * exactly the (action, role) pairs where the product answers a cell of document 003, 004, 000 or 002
 * otherwise than the cell says, and for each the product's exact answer.
 */
const listed = listedPairs();
const found = disagreements();

describe('the conflicts table', () => {
  test('lists every disagreement between a document cell and the product', () => {
    const unlisted = [...found].filter(([pair]) => !listed.has(pair)).map(([pair, cells]) => `${pair}: ${cells.map(cellWhere).join('; ')}`);
    expect(unlisted).toEqual([]);
  });

  test('every pair it lists has exactly the enforced answer it gives', () => {
    for (const [pair, line] of listed) {
      const [action, role] = pair.split(' ') as [ActionId, RoleId];
      expect([line.id, pair, line.enforced]).toEqual([line.id, pair, enforcedCell(action, role)]);
    }
  });

  test('every pair it lists disagrees with a cell of some document (no stale lines)', () => {
    expect([...listed].filter(([pair]) => !found.has(pair)).map(([pair, line]) => `${line.id} ${pair}`)).toEqual([]);
  });

  test('ids are numbered in order, each line once', () => {
    const ids = listedLines('C').map((l) => l.id);
    expect(ids).toEqual(ids.map((_, i) => `C${String(i + 1).padStart(2, '0')}`));
  });
});
