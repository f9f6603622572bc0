import type { ApprovalConfig } from '../manifest/types.js';
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

/**
 * May this actor approve (beyond what the permission matrix already allowed)? The manifest's approvers
 * narrow who may decide; the author may not approve their own build unless the policy says so; one
 * person counts once.
 */
export function approverEligibility(
  approval: ApprovalConfig | undefined,
  actor: Actor,
  author: string,
  existing: readonly ApprovalRecord[],
): Eligibility {
  const source = 'the image\'s approval policy (.imagefactory.yml approval)';
  if (!approval?.allow_self_approval && same(actor.login, author)) {
    return { ok: false, reason: `${actor.login} started this build and may not approve it (no self-approval; set approval.allow_self_approval to permit)`, source };
  }
  const subjects = [...(approval?.approvers ?? []), ...(approval?.require_each ?? [])];
  if (approval?.approvers && approval.approvers.length > 0 && !subjects.some((s) => matchesSubject(actor, s))) {
    return { ok: false, reason: `${actor.login} is not among the approvers (${subjects.join(', ')})`, source };
  }
  if (existing.some((a) => same(a.login, actor.login))) {
    return { ok: false, reason: `${actor.login} has already approved this build; each person counts once`, source };
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
function coverDistinct(subjects: string[], approvals: readonly ApprovalRecord[]): string[] {
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

export function approvalProgress(approval: ApprovalConfig | undefined, approvals: readonly ApprovalRecord[]): ApprovalProgress {
  const requireEach = approval?.require_each ?? [];
  const need = Math.max(approval?.min_approvals ?? 1, requireEach.length);
  const missing = coverDistinct(requireEach, approvals);
  return { satisfied: approvals.length >= need && missing.length === 0, have: approvals.length, need, missing };
}
