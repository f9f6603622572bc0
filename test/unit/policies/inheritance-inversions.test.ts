import { expect, test } from '@jest/globals';
import { ACTION_IDS } from '../../../policies/actions.js';
import { decide } from '../../../policies/decide.js';
import { ROLE_IDS, inheritedRoles } from '../../../policies/roles.js';
import { BASE } from './cell-checks.js';
import { enforcedCell, listedPairs } from './listed-conflicts.js';

const inversions = listedPairs('I');

/** Where a role may do less than a role it inherits from, matrix-conflicts.md says so (ids I01...). */
test('every inheritance inversion is listed, and only those', () => {
  const allowed = (role: string, action: (typeof ACTION_IDS)[number], others: boolean) =>
    decide({ roles: [role], action, context: { ...BASE, resourceAuthor: others ? 'bob' : BASE.resourceAuthor }, now: new Date(0) }).effect === 'allow';
  const found = new Set<string>();
  for (const action of ACTION_IDS) {
    for (const role of ROLE_IDS) {
      for (const below of inheritedRoles(role)) {
        for (const others of [false, true]) if (allowed(below, action, others) && !allowed(role, action, others)) found.add(`${action} ${role}`);
      }
    }
  }
  expect([...found].sort()).toEqual([...inversions.keys()].sort());
});

test('every listed inversion has exactly the enforced answer the table gives', () => {
  for (const [pair, line] of inversions) {
    const [action, role] = pair.split(' ') as [(typeof ACTION_IDS)[number], (typeof ROLE_IDS)[number]];
    expect([line.id, pair, line.enforced]).toEqual([line.id, pair, enforcedCell(action, role)]);
  }
});
