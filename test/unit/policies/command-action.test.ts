import { expect, test } from '@jest/globals';
import { commandAction } from '../../../policies/decide.js';

test.each([
  ['build', undefined, 'create-build'],
  ['/build', undefined, 'create-build'],
  ['cancel', 'building', 'cancel-build'],
  ['retry', 'failed', 'retry-build'],
  ['approve', 'awaiting_approval', 'approve-build'],
  ['release', 'quarantined', 'approve-image'],
  ['reject', 'quarantined', 'reject-image'],
  ['/reject', 'awaiting_approval', 'approve-build'],
  ['status', undefined, 'view-builds'],
  ['logs', undefined, 'view-logs'],
  ['report', undefined, 'view-project-stats'],
  ['compliance-report', undefined, 'generate-report'],
  ['audit-export', undefined, 'export-audit-logs'],
  ['help', undefined, null],
] as const)('%s (build %s) is %s', (command, state, action) => {
  expect(commandAction(command, state)).toBe(action);
});

test('an unknown command is a fault', () => {
  expect(() => commandAction('deploy' as never)).toThrow('commandAction: unknown command "deploy"');
});
