import { expect, test } from '@jest/globals';
import { ACTION_IDS } from '../../../policies/actions.js';
import { decide } from '../../../policies/decide.js';
import { ROLE_IDS, inheritedRoles } from '../../../policies/roles.js';
import { BASE, listedConflicts } from './cell-checks.js';

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
  expect([...found].sort()).toEqual([...listedConflicts('I')].sort());
});
