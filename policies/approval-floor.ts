import type { PromotionPolicy } from '../manifest/tenant-config.js';
import type { ImageConfig } from '../manifest/types.js';
import { tryParseDuration } from '../manifest/parse-duration.js';
import { DEFAULT_APPROVAL_TIMEOUT, type ApprovalRule } from './build-rules.js';
import { policyLabel, type FloorViolation, type TenantRules } from './floor-violation.js';
import { matchesTarget } from './registry-policy.js';
import { normalizeRole, roleAndAbove } from './roles.js';

const lower = (s: string) => s.toLowerCase();

/**
 * The tenant promotion policies that govern an image: the one its `approval.policy` names, the tenant's
 * `default` promotion policy when tenant.yml defines one, and every policy `promotion_rules` binds to its
 * `promote.to`, whether the manifest names them or not.
 */
export function promotionPoliciesFor(image: ImageConfig, tenant: TenantRules): { names: string[]; violations: FloorViolation[] } {
  const names: string[] = [];
  const violations: FloorViolation[] = [];
  const named = image.approval?.policy;
  if (named !== undefined) {
    if (tenant.policies.promotion[named]) names.push(named);
    else violations.push({ path: ['approval', 'policy'], message: `promotion policy ${JSON.stringify(named)} is not defined (${tenant.label} defines ${Object.keys(tenant.policies.promotion).join(', ')})` });
  }
  if (tenant.defined.promotion.includes('default')) names.push('default');
  const to = image.promote?.to;
  for (const rule of tenant.promotion_rules) {
    if (to !== undefined && tenant.policies.promotion[rule.policy] && matchesTarget(rule.to, to)) names.push(rule.policy);
  }
  return { names: [...new Set(names)], violations };
}

/**
 * Can someone matching `subject` (from the manifest) ever be among the policy's approvers `list`? A role
 * must be the policy's role or one above it; a login or team might hold one of the policy's roles or teams
 * (checked again when they decide), unless the policy names logins only.
 */
function within(subject: string, list: readonly string[]): boolean {
  if (list.some((s) => lower(s) === lower(subject))) return true;
  if (subject.startsWith('role:')) {
    const role = normalizeRole(subject.slice(5));
    if (role === undefined) return false;
    return list.some((s) => {
      const theirs = s.startsWith('role:') ? normalizeRole(s.slice(5)) : undefined;
      return theirs !== undefined && roleAndAbove(theirs).includes(role);
    });
  }
  return list.some((s) => s.startsWith('role:') || s.startsWith('@'));
}

const subjectsOf = (p: Pick<PromotionPolicy, 'approvers' | 'require_each'>) => [...new Set([...(p.approvers ?? []), ...(p.require_each ?? [])])];

/**
 * The promotion gate of an image under the tenant's floor: the policies that govern it (see
 * promotionPoliciesFor) with the manifest's `approval:` tightening them. Required when any policy requires
 * it; `min_approvals` the larger; `require_each` the union; approvers narrowed within each policy's (an
 * approver must match every list); self-approval only where every policy allows it; a shorter `timeout`
 * only. An attempt to loosen is a violation naming the policy. Pure.
 */
export function approvalFloor(image: ImageConfig, tenant: TenantRules): { rule: ApprovalRule; violations: FloorViolation[] } {
  const found = promotionPoliciesFor(image, tenant);
  const violations = [...found.violations];
  const policies = found.names.map((name) => ({ name, label: policyLabel(tenant, 'promotion', name), policy: tenant.policies.promotion[name] }));
  const m = image.approval ?? {};
  const at = (key: string, ...rest: (string | number)[]) => ['approval', key, ...rest];

  const requiring = policies.filter((p) => p.policy.required === true);
  if (m.required === false && requiring.length > 0) {
    violations.push({ path: at('required'), message: `approval.required: false is not allowed: ${requiring[0].label} requires approval before promotion` });
  }

  const lists = policies.filter((p) => (p.policy.approvers ?? []).length > 0).map((p) => ({ label: p.label, subjects: subjectsOf(p.policy) }));
  for (const key of ['approvers', 'require_each'] as const) {
    (m[key] ?? []).forEach((subject, i) => {
      const outside = lists.find((l) => !within(subject, l.subjects));
      if (outside) violations.push({ path: at(key, i), message: `${subject} is not among the approvers ${outside.label} allows (${outside.subjects.join(', ')}): a manifest may only narrow them` });
    });
  }
  const approvers = lists.map((l) => l.subjects);
  if ((m.approvers ?? []).length > 0) approvers.push(subjectsOf(m));

  const floorMin = Math.max(1, ...policies.map((p) => p.policy.min_approvals ?? 1));
  if (m.min_approvals !== undefined && m.min_approvals < floorMin) {
    const by = policies.find((p) => (p.policy.min_approvals ?? 1) === floorMin)!;
    violations.push({ path: at('min_approvals'), message: `min_approvals: ${m.min_approvals} is fewer than ${by.label} requires (${floorMin})` });
  }

  const refusing = policies.filter((p) => p.policy.allow_self_approval !== true);
  const floorSelf = policies.length > 0 && refusing.length === 0;
  if (m.allow_self_approval === true && refusing.length > 0) {
    violations.push({ path: at('allow_self_approval'), message: `allow_self_approval: true is not allowed: ${refusing[0].label} forbids approving one's own build` });
  }

  const timeouts = policies.filter((p) => p.policy.timeout !== undefined).map((p) => ({ label: p.label, text: p.policy.timeout!, ms: tryParseDuration(p.policy.timeout!) ?? Infinity }));
  const shortest = timeouts.sort((a, b) => a.ms - b.ms)[0];
  const own = m.timeout === undefined ? undefined : tryParseDuration(m.timeout);
  if (shortest && own !== undefined && own > shortest.ms) {
    violations.push({ path: at('timeout'), message: `approval.timeout ${m.timeout} is longer than ${shortest.label} allows (${shortest.text}): a manifest may only shorten it` });
  }
  const timeout = own !== undefined && (!shortest || own <= shortest.ms) ? m.timeout! : (shortest?.text ?? DEFAULT_APPROVAL_TIMEOUT);

  return {
    rule: {
      required: requiring.length > 0 || m.required === true,
      approvers,
      min_approvals: Math.max(floorMin, m.min_approvals ?? 1),
      require_each: [...new Set([...policies.flatMap((p) => p.policy.require_each ?? []), ...(m.require_each ?? [])])],
      allow_self_approval: policies.length > 0 ? floorSelf && (m.allow_self_approval ?? floorSelf) : (m.allow_self_approval ?? false),
      timeout,
      policies: found.names,
    },
    violations,
  };
}
