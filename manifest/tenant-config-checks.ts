import { checkApproval } from './check-approval.js';
import { checkScan } from './check-scan.js';
import type { CheckContext, SemanticCheck } from './validate-yaml.js';
import { entryAt } from './walk.js';

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
