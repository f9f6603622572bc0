import { checkApproval } from './check-approval.js';
import { registryEntryProblem } from './check-registry.js';
import { rescanEveryProblem } from './rescan-interval.js';
import { checkScan } from './check-scan.js';
import { didYouMeanSuffix } from './did-you-mean.js';
import { targetGlobProblem } from '../policies/registry-policy.js';
import { DEFAULT_TENANT_CONFIG } from './tenant-config-defaults.js';
import type { CheckContext, SemanticCheck } from './validate-yaml.js';
import { entryAt, isEntry, stringItems } from './walk.js';

/**
 * tenant.yml's named policies have the shape of a manifest image's `scan` and `approval`, so the
 * manifest's own checks run on them: each policy is presented as an image holding it, and the problems
 * found are moved back to `policies.<section>.<name>...`.
 */
function asImageCheck(check: SemanticCheck, section: 'scan' | 'promotion', key: 'scan' | 'approval'): SemanticCheck {
  return (config, ctx) => {
    const named = entryAt(entryAt(config, 'policies'), section);
    if (!named) return;
    const images = Object.fromEntries(Object.entries(named).map(([name, policy]) => [name, { [key]: policy }]));
    const moved: CheckContext = {
      file: ctx.file,
      // ['images', name, key, ...rest] -> ['policies', section, name, ...rest]
      report: (path, message, options) => ctx.report(['policies', section, path[1], ...path.slice(3)], message, options),
    };
    check({ images }, moved);
  };
}

/** `policies.scan.<name>`: each ignored vulnerability once, `until` a real date. */
export const checkScanPolicies: SemanticCheck = asImageCheck(checkScan, 'scan', 'scan');

/** `policies.promotion.<name>`: `role:` approvers name known roles, the timeout parses, min_approvals reachable. */
export const checkPromotionPolicies: SemanticCheck = asImageCheck(checkApproval, 'promotion', 'approval');

/** `registries`: each entry a registry host, optionally with a repository path prefix. */
export const checkRegistries: SemanticCheck = function checkAllowedRegistries(config, ctx) {
  for (const [i, entry] of stringItems(isEntry(config) ? config.registries : undefined)) {
    const problem = registryEntryProblem(entry);
    if (problem) ctx.report(['registries', i], problem);
  }
};

/** `promotion_rules`: each names a promotion policy tenant.yml defines (or the built-in one) and a valid glob. */
export const checkPromotionRules: SemanticCheck = function checkPromotionRuleTargets(config, ctx) {
  const rules = isEntry(config) && Array.isArray(config.promotion_rules) ? config.promotion_rules : [];
  const defined = [...new Set([...Object.keys(entryAt(entryAt(config, 'policies'), 'promotion') ?? {}), ...Object.keys(DEFAULT_TENANT_CONFIG.policies.promotion)])];
  rules.forEach((rule: unknown, i) => {
    if (!isEntry(rule)) return;
    if (typeof rule.policy === 'string' && !defined.includes(rule.policy)) {
      ctx.report(['promotion_rules', i, 'policy'], `promotion policy ${JSON.stringify(rule.policy)} is not defined${didYouMeanSuffix(rule.policy, defined)} (defined: ${defined.join(', ')})`);
    }
    if (typeof rule.to === 'string') {
      const problem = targetGlobProblem(rule.to);
      if (problem) ctx.report(['promotion_rules', i, 'to'], problem);
    }
  });
};

/** `rescan.every`: a duration of at least 1h, or never. */
export const checkRescan: SemanticCheck = function checkRescanInterval(config, ctx) {
  const every = entryAt(config, 'rescan')?.every;
  if (typeof every !== 'string') return;
  const problem = rescanEveryProblem(every);
  if (problem) ctx.report(['rescan', 'every'], problem);
};
