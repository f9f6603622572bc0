import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { didYouMeanSuffix } from '../../manifest/did-you-mean.js';
import { BUILD_METHODS, type BuildMethod } from '../../manifest/types.js';
import { ACTION_IDS, isActionId } from '../../policies/actions.js';
import { decide, type DecisionContext } from '../../policies/decide.js';
import { describeMatrix } from '../../policies/describe-matrix.js';
import { ROLE_ALIASES, ROLE_IDS, normalizeRole } from '../../policies/roles.js';
import type { Io } from '../io.js';

export interface CanArgs {
  role?: string;
  action?: string;
  others?: boolean;
  method?: string;
  otherTenant?: boolean;
  matrix?: boolean;
  format?: string;
}

const FORMATS = ['table', 'csv', 'json'] as const;

/** The subject and resource `can` asks about: the subject's own tenant, an assigned project, its own resource. */
export function canContext(args: Pick<CanArgs, 'others' | 'otherTenant'>, method: BuildMethod | undefined): DecisionContext {
  return {
    subjectTenant: 'your-tenant',
    resourceTenant: args.otherTenant ? 'another-tenant' : 'your-tenant',
    assigned: !args.otherTenant,
    subjectLogin: 'you',
    resourceAuthor: args.others ? 'someone-else' : 'you',
    method,
    toolEnabled: true,
  };
}

/** The enforced matrix as an aligned table, CSV (RFC 4180, with a header) or JSON (one object per action). */
export function formatMatrix(format: (typeof FORMATS)[number]): string {
  const lines = describeMatrix();
  if (format === 'json') return `${JSON.stringify(lines.map((l) => ({ action: l.action, ...l.cells })), null, 2)}\n`;
  const rows = [['action', ...ROLE_IDS], ...lines.map((l) => [l.action, ...ROLE_IDS.map((r) => l.cells[r])])];
  if (format === 'csv') return stringify(rows);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

/** A "did you mean" for a mistyped name: the closest candidate, else those containing the word, else a hint. */
function suggest(word: string, candidates: readonly string[], otherwise: string): string {
  const close = didYouMeanSuffix(word, candidates);
  if (close !== '') return close;
  const w = word.trim().toLowerCase();
  const containing = w.length < 3 ? [] : candidates.filter((c) => c.includes(w)).slice(0, 5);
  return containing.length > 0 ? `; did you mean ${containing.map((c) => JSON.stringify(c)).join(' or ')}?` : `: ${otherwise}`;
}

function usage(io: Io, message: string): number {
  io.err(`imagefactory can: ${message}`);
  return 2;
}

/**
 * `imagefactory can ROLE ACTION [--others] [--method M] [--other-tenant]`: prints `allow` (exit 0) or
 * `deny: <reason> (<source>); allowed for ...` (exit 1). `imagefactory can --matrix [--format F]` prints the
 * enforced matrix (exit 0). Unknown role, action, method or format: exit 2 with a "did you mean".
 */
export async function runCan(args: CanArgs, io: Io): Promise<number> {
  if (args.matrix) {
    if (args.role !== undefined || args.action !== undefined) return usage(io, '--matrix takes no ROLE or ACTION');
    const format = args.format ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) {
      return usage(io, `unknown format ${JSON.stringify(format)}${suggest(format, FORMATS, `expected ${FORMATS.join(', ')}`)}`);
    }
    io.out(formatMatrix(format as (typeof FORMATS)[number]));
    return 0;
  }
  if (args.format !== undefined) return usage(io, '--format goes with --matrix');
  if (args.role === undefined || args.action === undefined) return usage(io, 'expected ROLE and ACTION, or --matrix (see imagefactory can --help)');
  const role = normalizeRole(args.role);
  if (role === undefined) {
    const names = [...ROLE_IDS, ...Object.keys(ROLE_ALIASES)];
    return usage(io, `unknown role ${JSON.stringify(args.role)}${suggest(args.role, names, `expected one of ${names.join(', ')}`)}`);
  }
  const action = args.action.trim().toLowerCase();
  if (!isActionId(action)) {
    return usage(io, `unknown action ${JSON.stringify(args.action)}${suggest(action, ACTION_IDS, 'imagefactory can --matrix lists them all')}`);
  }
  const method = args.method?.trim().toLowerCase();
  if (method !== undefined && !(BUILD_METHODS as readonly string[]).includes(method)) {
    return usage(io, `unknown method ${JSON.stringify(args.method)}${suggest(method, BUILD_METHODS, `expected ${BUILD_METHODS.join(', ')}`)}`);
  }
  const decision = decide({ roles: [role], action, context: canContext(args, method as BuildMethod | undefined), now: new Date() });
  if (decision.effect === 'allow') {
    io.out('allow');
    return 0;
  }
  io.out(`deny: ${decision.reason}`);
  return 1;
}

export function register(program: Command, io: Io): void {
  program
    .command('can')
    .description('Ask the permission matrix: may ROLE do ACTION? Or print the whole matrix.')
    .argument('[role]', `a role id (${ROLE_IDS.join(', ')}) or an alias (${Object.keys(ROLE_ALIASES).join(', ')})`)
    .argument('[action]', "an operation of document 003 in kebab case, e.g. create-build")
    .option('--others', "the resource is someone else's (default: one you authored)")
    .option('--method <method>', `the build method: ${BUILD_METHODS.join(', ')}`)
    .option('--other-tenant', "the resource is in another tenant (default: your own tenant, a project you are assigned to)")
    .option('--matrix', 'print the whole matrix as enforced: one row per action, one column per role id')
    .option('--format <format>', 'with --matrix: table (default), csv or json')
    .addHelpText(
      'after',
      `
ROLE is a role id of document 004 or an alias: owner and admin are tenant-admin, operator is
tenant-operator, member is developer. ACTION is an operation name of document 003 in kebab case, "&" read
as "and", parentheses dropped: "View Audit Logs (Tenant)" is view-audit-logs-tenant. Build methods are
actions too (kaniko-k8s-native, dockerfile-buildx, ...).

Example actions: create-build, cancel-build, retry-build, approve-build, approve-image, reject-image,
view-builds, view-logs, view-project-stats, generate-report, export-audit-logs, view-audit-logs-tenant,
tool-availability-all, registry-selection, edit-build-config.

The question is asked for a subject in its own tenant, on a project it is assigned to, about a resource it
authored; --others makes the resource someone else's, --other-tenant puts it in another tenant (where the
subject is assigned to nothing), --method names the build method.

Prints "allow" (exit 0) or "deny: <reason> (<source>); allowed for <roles>" (exit 1). An unknown role,
action, method or format exits 2 and suggests the closest name. --matrix prints each cell as "allow",
"deny" or "allow if <condition>", conditions being own, tenant, assigned, "method in ..." and
enabled-tools; roles other than system-admin, security-admin and global-auditor never act on another
tenant, whatever the cell says.

Examples:
  imagefactory can developer create-build --method kaniko
  imagefactory can member cancel-build --others
  imagefactory can tenant-admin delete-project --other-tenant
  imagefactory can --matrix --format csv > permissions.csv`,
    )
    .action(async (role: string | undefined, action: string | undefined, opts: Omit<CanArgs, 'role' | 'action'>) => {
      process.exitCode = await runCan({ ...opts, role, action }, io);
    });
}
