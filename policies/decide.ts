import type { BuildMethod } from '../manifest/types.js';
import { ACTIONS, isActionId, methodAction, type ActionId } from './actions.js';
import { formatSource, type Condition, type Source } from './cells.js';
import { MATRIX, documentSource, type EffectiveCell } from './effective-matrix.js';
import { CROSS_TENANT_ROLES, ROLE_IDS, ROLE_INHERITS, normalizeRole, type RoleId } from './roles.js';

export { commandAction, type ChatCommand } from './command-action.js';

/** What the request is about, as seen from the subject. */
export interface DecisionContext {
  /** The tenant the subject belongs to. */
  subjectTenant: string;
  /** The tenant of the resource (project, build, config, tenant) acted on. */
  resourceTenant: string;
  /** The subject is assigned to the resource's project (for a tenant-level resource: to a project of it). */
  assigned: boolean;
  /** The subject's login (GitHub login); compared without regard to case. */
  subjectLogin: string;
  /** Who authored the resource (the build's or config's author), when it has one. */
  resourceAuthor?: string;
  /** The build method the request uses (a build, a retry, a config). */
  method?: BuildMethod;
  /** The tool chosen (SBOM tool, scanner) is enabled for the tenant. */
  toolEnabled?: boolean;
}

export interface DecisionRequest {
  /**
   * The subject's effective roles (resolved from role mappings): role ids or aliases; any one allowing
   * suffices. A name that is neither grants nothing.
   */
  roles: readonly string[];
  action: ActionId;
  context: DecisionContext;
  /** The time of the request. No rule depends on it today; it is here so that none ever reads a clock. */
  now: Date;
}

/**
 * `source` names the rule: "document 003, Build Operations Matrix: Cancel Build" (with how the role's answer
 * was reached when it has no column of its own there).
 */
export type Decision =
  | { effect: 'allow'; source: string; role: RoleId }
  | { effect: 'deny'; reason: string; source: string; allowedBy: RoleId[] };

const CROSS_TENANT: Source = { document: '004', table: 'Security Model', row: 'Cross-Tenant Access' };

type Verdict = { ok: true; source: string } | { ok: false; refusal: string; source: string };

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The sentence a failed condition gives, without the source. */
function unmet(condition: Condition, role: RoleId, phrase: string, context: DecisionContext): string | undefined {
  if (condition === 'own') {
    const author = context.resourceAuthor;
    return author !== undefined && author.toLowerCase() === context.subjectLogin.toLowerCase() ? undefined : `${role} may ${phrase} only if they authored it`;
  }
  if (condition === 'assigned') return context.assigned ? undefined : `${role} may ${phrase} only in projects they are assigned to`;
  if (condition === 'tenant') return context.resourceTenant === context.subjectTenant ? undefined : `${role} may ${phrase} only in their own tenant`;
  if (condition === 'enabled-tools') return context.toolEnabled === true ? undefined : `${role} may ${phrase} only among the tools enabled for the tenant`;
  const methods = listOr(condition.method);
  if (context.method === undefined) return `${role} may ${phrase} only with method ${methods}, and no method was named`;
  return condition.method.includes(context.method) ? undefined : `${role} may ${phrase} only with method ${methods}, not ${context.method}`;
}

/** The source, and how the role's answer was reached when it has no column of its own there. */
function where(role: RoleId, found: EffectiveCell): string {
  const text = formatSource(found.source);
  if (found.unlisted) return `${text}, which has no column for ${role}${ROLE_INHERITS[role].length > 0 ? ' nor for the roles it inherits from' : ''}`;
  return found.inheritedFrom ? `${text}, as ${found.inheritedFrom}, whose permissions ${role} inherits` : text;
}

function check(role: RoleId, action: ActionId, phrase: string, context: DecisionContext): Verdict {
  const found = MATRIX[action][role];
  const source = where(role, found);
  const { cell } = found;
  if (cell === 'allow') return { ok: true, source };
  const refusal = cell === 'deny' ? `${role} may not ${phrase}` : cell.if.map((c) => unmet(c, role, phrase, context)).find((r) => r !== undefined);
  return refusal === undefined ? { ok: true, source } : { ok: false, refusal, source };
}

function evaluate(role: RoleId, action: ActionId, context: DecisionContext): Verdict {
  if (context.resourceTenant !== context.subjectTenant && !CROSS_TENANT_ROLES.includes(role)) {
    const only = listOr(CROSS_TENANT_ROLES);
    return { ok: false, refusal: `${role} may not act on another tenant's resources: only ${only} may`, source: formatSource(CROSS_TENANT) };
  }
  const def = ACTIONS[action];
  // A role refused the action outright hears that; otherwise the method's availability comes first.
  if (MATRIX[action][role].cell !== 'deny' && def.usesMethod && context.method !== undefined) {
    const byMethod = check(role, methodAction(context.method), `${def.phrase} with method ${context.method}`, context);
    if (!byMethod.ok) return byMethod;
  }
  return check(role, action, def.phrase, context);
}

/**
 * May a subject holding `roles` do `action` in `context`? Allow names the role that allows it and the rule's
 * source; deny says why in a sentence fit for a pull-request reply, the source, and every role that would
 * be allowed in the same context. Pure: no I/O, no clock.
 */
export function decide(request: DecisionRequest): Decision {
  const { roles, action, context } = request;
  if (!isActionId(action)) throw new Error(`decide: unknown action ${JSON.stringify(action)}`);
  const named = roles.map(normalizeRole);
  const held = ROLE_IDS.filter((r) => named.includes(r));
  const verdicts = held.map((role) => ({ role, verdict: evaluate(role, action, context) }));
  const allowed = verdicts.find((v) => v.verdict.ok);
  if (allowed) return { effect: 'allow', source: allowed.verdict.source, role: allowed.role };

  const allowedBy = ROLE_IDS.filter((r) => evaluate(r, action, context).ok);
  const others = allowedBy.length === 0 ? 'no role may do this here' : `allowed for ${allowedBy.join(', ')}`;
  const first = verdicts[0]?.verdict;
  if (first === undefined || first.ok) {
    const source = formatSource(documentSource(action));
    return { effect: 'deny', reason: `you hold no role here, so you may not ${ACTIONS[action].phrase} (${source}); ${others}`, source, allowedBy };
  }
  return { effect: 'deny', reason: `${first.refusal} (${first.source}); ${others}`, source: first.source, allowedBy };
}
