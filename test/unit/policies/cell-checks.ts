import type { BuildMethod } from '../../../manifest/types.js';
import type { ActionId } from '../../../policies/actions.js';
import { decide, type DecisionContext } from '../../../policies/decide.js';
import type { RoleId } from '../../../policies/roles.js';
import { CONFLICTS_FILE, enforcedCell, type ListedLine } from './listed-conflicts.js';

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

export type Outcome = 'agrees' | 'stricter' | 'looser';

/** How the product answers a request compared with what a document promises. */
export function compare(role: RoleId, action: ActionId, c: Check): { outcome: Outcome; effect: string; reason?: string; source: string } {
  const d = decide({ roles: [role], action, context: c.context, now: new Date(0) });
  const outcome: Outcome = d.effect === c.expect ? 'agrees' : d.effect === 'deny' ? 'stricter' : 'looser';
  return { outcome, effect: d.effect, reason: d.effect === 'deny' ? d.reason : undefined, source: d.source };
}

/** One cell of a product document, for one role and one operation of document 003, as requests. */
export interface DocumentCell {
  document: '000' | '002' | '003' | '004';
  table: string;
  row: string;
  /** The document's label for the column (a role, or a resource rule's column). */
  column: string;
  marker: string;
  role: RoleId;
  action: ActionId;
  checks: Check[];
}

/** The cells one generated test puts to the product, and the describe block it stands in. */
export interface DocumentTest {
  group: string;
  name: string;
  cells: DocumentCell[];
}

export const cellWhere = (c: DocumentCell) => `document ${c.document} (${c.table}, ${c.row}, ${c.column}: ${c.marker})`;

/** A check the product answers otherwise than the document. */
export interface Mismatch {
  check: Check;
  outcome: Exclude<Outcome, 'agrees'>;
  /** The request, what the document says and what the product says, in a sentence. */
  what: string;
}

/** The checks of a document's cell the product answers otherwise than the cell says. */
export function mismatches(cell: DocumentCell): Mismatch[] {
  const found: Mismatch[] = [];
  for (const c of cell.checks) {
    const got = compare(cell.role, cell.action, c);
    if (got.outcome === 'agrees') continue;
    const what = `${cell.role} ${cell.action} ${c.label}: ${cellWhere(cell)} says ${c.expect}, the product says ${got.effect}${got.reason ? ` (${got.reason})` : ''}`;
    found.push({ check: c, outcome: got.outcome, what });
  }
  return found;
}

/**
 * Puts a document's cell to the product. A check answered as the cell says passes; one answered otherwise
 * (more restrictively or less) passes only when policies/matrix-conflicts.md lists the action and role, and
 * the answer it lists as enforced is exactly the product's (`describeCell` of the matrix cell). Returns the
 * checks answered otherwise.
 */
export function verifyCell(cell: DocumentCell, listed: ReadonlyMap<string, ListedLine>): Mismatch[] {
  const found = mismatches(cell);
  for (const m of found) {
    const line = listed.get(`${cell.action} ${cell.role}`);
    if (line === undefined) throw new Error(`${m.outcome} than the document, and not listed in ${CONFLICTS_FILE}: ${m.what}`);
    const enforced = enforcedCell(cell.action, cell.role);
    if (line.enforced !== enforced) {
      throw new Error(`${line.id} (${CONFLICTS_FILE}:${line.line}) lists ${cell.action} ${cell.role} as enforced \`${line.enforced}\`, but the product's answer is \`${enforced}\`: ${m.what}`);
    }
  }
  return found;
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
