import { readFileSync } from 'node:fs';
import type { BuildMethod } from '../../../manifest/types.js';
import type { ActionId } from '../../../policies/actions.js';
import { decide, type DecisionContext } from '../../../policies/decide.js';
import type { RoleId } from '../../../policies/roles.js';

/** The documents' column labels, read here on their own (not through the app's data). */
export const ROLE_OF_COLUMN: Record<string, RoleId> = {
  'Sys Admin': 'system-admin',
  'System Admin': 'system-admin',
  'Sec Admin': 'security-admin',
  'Security Admin': 'security-admin',
  'Op Admin': 'platform-operator',
  Auditor: 'global-auditor',
  'Tenant Admin': 'tenant-admin',
  'Ten Admin': 'tenant-admin',
  'Tenant Op': 'tenant-operator',
  'Ten Op': 'tenant-operator',
  'Build Eng': 'build-engineer',
  'Build Engineer': 'build-engineer',
  Developer: 'developer',
  Dev: 'developer',
  'Sec Rev': 'security-reviewer',
  Viewer: 'viewer',
};

/** Own tenant, an assigned project, a resource the subject authored, a Dockerfile build, an enabled tool. */
export const BASE: DecisionContext = {
  subjectTenant: 'tenant-a',
  resourceTenant: 'tenant-a',
  assigned: true,
  subjectLogin: 'alice',
  resourceAuthor: 'alice',
  method: 'dockerfile',
  toolEnabled: true,
};

export interface Check {
  label: string;
  context: DecisionContext;
  expect: 'allow' | 'deny';
}

const OTHERS = { resourceAuthor: 'bob' };
const UNASSIGNED = { assigned: false };
const OTHER_TENANT = { resourceTenant: 'tenant-b', assigned: false, resourceAuthor: 'bob' };
const METHODS: BuildMethod[] = ['dockerfile', 'buildx', 'kaniko', 'paketo', 'packer'];

export function methodsNamed(text: string): BuildMethod[] {
  return METHODS.filter((m) => text.toLowerCase().includes(m));
}

export const check = (label: string, over: Partial<DecisionContext>, expect: Check['expect']): Check => ({ label, context: { ...BASE, ...over }, expect });

/**
 * What a cell of document 003 promises, as requests on both sides of its condition. ✅ allows in the base
 * context; its qualifier widens or narrows it (All/System-wide: any tenant; Any or none: anyone's resource;
 * Ten/Tenant/Tenant-wide: the whole own tenant, not another; Assigned: assigned projects only; Own: own
 * resources only). ⚠️ is conditional; `*` means what the table's footnote says (methods, or enabled tools).
 */
export function checksFor(marker: string, footnotes: readonly string[]): Check[] {
  if (marker === '❌') return [check('denied', {}, 'deny')];
  const m = /^(✅|⚠️)\s*(.*?)(\*?)$/u.exec(marker);
  if (!m) throw new Error(`unknown cell marker ${JSON.stringify(marker)}`);
  const [, , qualifierText, star] = m;
  const qualifier = qualifierText.replace('*', '').trim();
  const checks = [check('allowed', {}, 'allow')];
  if (qualifier === 'All' || qualifier === 'System-wide') checks.push(check('in another tenant', OTHER_TENANT, 'allow'));
  else if (['Ten', 'Tenant', 'Tenant-wide'].includes(qualifier)) {
    checks.push(check('on an unassigned project of the tenant', UNASSIGNED, 'allow'), check('in another tenant', OTHER_TENANT, 'deny'));
  } else if (qualifier === 'Assigned') checks.push(check('on an unassigned project', UNASSIGNED, 'deny'));
  else if (qualifier === 'Own' || qualifier === 'Own builds') checks.push(check("on someone else's", OTHERS, 'deny'));
  else if (qualifier === '' || qualifier === 'Any') checks.push(check("on someone else's", OTHERS, 'allow'));
  else throw new Error(`unknown cell qualifier ${JSON.stringify(qualifier)} in ${marker}`);
  if (star || qualifierText.includes('*')) {
    const note = footnotes.join(' ');
    const allowed = methodsNamed(note);
    if (allowed.length > 0) {
      for (const method of METHODS) checks.push(check(`with method ${method}`, { method }, allowed.includes(method) ? 'allow' : 'deny'));
    } else if (/enabled tools/i.test(note)) checks.push(check('with a tool the tenant has not enabled', { toolEnabled: false }, 'deny'));
    else throw new Error(`no footnote explains * in ${marker}: ${note}`);
  }
  return checks;
}

/** The (action, role) pairs a table of policies/matrix-conflicts.md lists (ids C01... or I01...), as `action role`. */
export function listedConflicts(prefix: 'C' | 'I' = 'C'): Set<string> {
  const text = readFileSync(new URL('../../../policies/matrix-conflicts.md', import.meta.url), 'utf8');
  const pairs = new Set<string>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!new RegExp(`^${prefix}\\d+$`).test(cells[1] ?? '')) continue;
    const list = (cell: string) => cell.replace(/`/g, '').split(',').map((s) => s.trim());
    for (const action of list(cells[2])) for (const role of list(cells[3])) pairs.add(`${action} ${role}`);
  }
  return pairs;
}

export type Outcome = 'agrees' | 'stricter' | 'looser';

/** How the product answers a request compared with what a document promises. */
export function compare(role: RoleId, action: ActionId, c: Check): { outcome: Outcome; effect: string; reason?: string; source: string } {
  const d = decide({ roles: [role], action, context: c.context, now: new Date(0) });
  const outcome: Outcome = d.effect === c.expect ? 'agrees' : d.effect === 'deny' ? 'stricter' : 'looser';
  return { outcome, effect: d.effect, reason: d.effect === 'deny' ? d.reason : undefined, source: d.source };
}

/**
 * Puts each check to the product: looser than the document fails; stricter passes only when
 * policies/matrix-conflicts.md lists the action and role. `where` names the document's cell. Returns how
 * many checks the product answered more restrictively.
 */
export function verifyChecks(role: RoleId, action: ActionId, checks: readonly Check[], where: string, conflicts: ReadonlySet<string>): number {
  let stricter = 0;
  for (const c of checks) {
    const got = compare(role, action, c);
    const what = `${role} ${action} ${c.label}: ${where} says ${c.expect}, the product says ${got.effect}${got.reason ? ` (${got.reason})` : ''}`;
    if (got.outcome === 'looser') throw new Error(`looser than the document: ${what}`);
    if (got.outcome === 'stricter') {
      if (!conflicts.has(`${action} ${role}`)) throw new Error(`stricter than the document, and not listed in policies/matrix-conflicts.md: ${what}`);
      stricter += 1;
    }
  }
  return stricter;
}

/** A cell of documents 000, 002 and 004 (full access or none): both on one's own and on others' resources. */
export function fullAccessChecks(marker: string, action: ActionId): Check[] {
  if (marker === '❌' || marker === '░░░░') return [check('denied', {}, 'deny')];
  if (marker === '✅*') return [check('allowed', {}, 'allow'), check('in another tenant', OTHER_TENANT, 'deny')];
  if (marker !== '✅' && marker !== '████') throw new Error(`unknown cell marker ${JSON.stringify(marker)}`);
  const checks = [check('allowed', {}, 'allow'), check("on someone else's", OTHERS, 'allow')];
  if (action === 'create-build') checks.push(...METHODS.map((method) => check(`with method ${method}`, { method }, 'allow')));
  return checks;
}
