import type { ApprovalRule } from './build-rules.js';
import { subjectMatches } from './resolve-roles.js';
import { normalizeRole, roleAndAbove } from './roles.js';

/** Someone who acts on a build: a GitHub (or local) login, the roles resolved for them, their teams. */
export interface Actor {
  login: string;
  roles: string[];
  /** `@org/team` slugs the actor belongs to. */
  teams?: string[];
}

export interface ApprovalRecord {
  login: string;
  roles: string[];
  teams?: string[];
  at: string;
  reason?: string;
}

export type Eligibility = { ok: true } | { ok: false; reason: string; source: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Does the actor match an approver subject: `role:<id or alias>` (held directly or through a role above it,
 * document 004's "role+"), a login, or `@org/team`?
 */
export function matchesSubject(actor: Pick<Actor, 'login' | 'roles' | 'teams'>, subject: string): boolean {
  if (subject.startsWith('role:')) {
    const role = normalizeRole(subject.slice(5));
    if (!role) return false;
    const qualifying = roleAndAbove(role);
    return actor.roles.some((r) => {
      const held = normalizeRole(r);
      return held !== undefined && qualifying.includes(held);
    });
  }
  return subjectMatches(subject, actor.login, actor.teams ?? []);
}

/** Where the gate's rules come from, as refusals name it. */
export function approvalSource(rule: Pick<ApprovalRule, 'policies'>): string {
  const tenant = rule.policies.length > 0 ? `tenant promotion polic${rule.policies.length === 1 ? 'y' : 'ies'} ${rule.policies.join(', ')} and ` : '';
  return `the image's approval rules (${tenant}.imagefactory.yml approval)`;
}

/**
 * The author may not decide their own build (approve it at the gate, or release it from quarantine) unless
 * every rule in force allows self-approval.
 */
export function selfDecision(rule: Pick<ApprovalRule, 'allow_self_approval' | 'policies'>, actor: Pick<Actor, 'login'>, author: string, what: 'approve' | 'release'): Eligibility {
  if (rule.allow_self_approval || !same(actor.login, author)) return { ok: true };
  const verb = what === 'approve' ? 'approve it' : 'release it from quarantine';
  return { ok: false, reason: `${actor.login} started this build and may not ${verb} (no self-approval)`, source: approvalSource(rule) };
}

/** An approver (or someone rejecting at the gate) must match a subject of every approver list in force. */
export function withinApprovers(rule: Pick<ApprovalRule, 'approvers' | 'policies'>, actor: Actor): Eligibility {
  const outside = rule.approvers.find((list) => list.length > 0 && !list.some((s) => matchesSubject(actor, s)));
  return outside ? { ok: false, reason: `${actor.login} is not among the approvers (${outside.join(', ')})`, source: approvalSource(rule) } : { ok: true };
}

/**
 * May this actor approve (beyond what the permission matrix already allowed)? Not their own build unless
 * allowed; within every approver list; one person counts once.
 */
export function approverEligibility(rule: ApprovalRule, actor: Actor, author: string, existing: readonly ApprovalRecord[]): Eligibility {
  const self = selfDecision(rule, actor, author, 'approve');
  if (!self.ok) return self;
  const within = withinApprovers(rule, actor);
  if (!within.ok) return within;
  if (existing.some((a) => same(a.login, actor.login))) {
    return { ok: false, reason: `${actor.login} has already approved this build; each person counts once`, source: approvalSource(rule) };
  }
  return { ok: true };
}

export interface ApprovalProgress {
  satisfied: boolean;
  have: number;
  need: number;
  /** `require_each` subjects still without an approval from a distinct person. */
  missing: string[];
}

/** Can each required subject be covered by a different approver? (small bipartite matching) */
function coverDistinct(subjects: readonly string[], approvals: readonly ApprovalRecord[]): string[] {
  const owner = new Map<number, number>(); // approval index -> subject index
  const tryAssign = (s: number, seen: Set<number>): boolean => {
    for (let a = 0; a < approvals.length; a++) {
      if (seen.has(a) || !matchesSubject(approvals[a], subjects[s])) continue;
      seen.add(a);
      const prev = owner.get(a);
      if (prev === undefined || tryAssign(prev, seen)) {
        owner.set(a, s);
        return true;
      }
    }
    return false;
  };
  return subjects.filter((_, s) => !tryAssign(s, new Set()));
}

export function approvalProgress(rule: Pick<ApprovalRule, 'min_approvals' | 'require_each'>, approvals: readonly ApprovalRecord[]): ApprovalProgress {
  const need = Math.max(rule.min_approvals, rule.require_each.length);
  const missing = coverDistinct(rule.require_each, approvals);
  return { satisfied: approvals.length >= need && missing.length === 0, have: approvals.length, need, missing };
}
