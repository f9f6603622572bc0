import type { ActionId } from './actions.js';

/**
 * The commands people give (PR and issue comments, Slack, the CLI): `/build`, `/cancel`, `/retry`,
 * `/approve`, `/release`, `/reject`, `/status`, `/report`, `/help`; `logs` (build logs), `compliance-report`
 * and `audit-export` (CLI and report exports).
 */
export type ChatCommand =
  | 'build' | 'cancel' | 'retry' | 'approve' | 'release' | 'reject' | 'status' | 'logs' | 'report' | 'help'
  | 'compliance-report' | 'audit-export';

const ACTION_OF: Readonly<Record<Exclude<ChatCommand, 'reject' | 'help'>, ActionId>> = {
  build: 'create-build',
  cancel: 'cancel-build',
  retry: 'retry-build',
  approve: 'approve-build',
  release: 'approve-image',
  status: 'view-builds',
  logs: 'view-logs',
  report: 'view-project-stats',
  'compliance-report': 'generate-report',
  'audit-export': 'export-audit-logs',
};

/**
 * The matrix action a command is authorized against, given the build's state when it acts on a build:
 * `/reject` of a quarantined image is Reject Image, of a build awaiting approval a rejection under Approve
 * Build. `/help` needs no permission (null). `/build` also needs the method's availability: pass the method
 * in the decision's context.
 */
export function commandAction(command: ChatCommand | `/${ChatCommand}`, state?: string): ActionId | null {
  const name = command.replace(/^\//, '') as ChatCommand;
  if (name === 'help') return null;
  if (name === 'reject') return state === 'quarantined' ? 'reject-image' : 'approve-build';
  if (!Object.hasOwn(ACTION_OF, name)) throw new Error(`commandAction: unknown command ${JSON.stringify(command)}`);
  return ACTION_OF[name];
}
