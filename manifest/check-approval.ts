import { unknownRoleProblem } from './check-roles.js';
import { DURATION_PATTERN, tryParseDuration } from './parse-duration.js';
import type { SemanticCheck } from './validate-yaml.js';
import { eachImage, entryAt, stringItems } from './walk.js';

/**
 * Approval settings make sense: `role:<role>` subjects name known roles, the timeout parses and is not
 * zero, and enough people are named to give `min_approvals` when only logins are listed.
 */
export const checkApproval: SemanticCheck = function checkApprovalSettings(manifest, ctx) {
  for (const [name, image] of eachImage(manifest)) {
    const approval = entryAt(image, 'approval');
    if (!approval) continue;
    const at = ['images', name, 'approval'];
    for (const key of ['approvers', 'require_each']) {
      for (const [i, subject] of stringItems(approval[key])) {
        const problem = subject.startsWith('role:') ? unknownRoleProblem(subject.slice(5)) : undefined;
        if (problem) ctx.report([...at, key, i], problem, { offset: 5 });
      }
    }
    if (typeof approval.timeout === 'string') {
      const ms = tryParseDuration(approval.timeout);
      if (ms === undefined && new RegExp(DURATION_PATTERN).test(approval.timeout)) ctx.report([...at, 'timeout'], `${JSON.stringify(approval.timeout)} is too long a duration`);
      else if (ms === undefined) ctx.report([...at, 'timeout'], `${JSON.stringify(approval.timeout)} is not a duration: write a number and a unit (ms, s, m, h, d), such as 72h or 7d`);
      else if (ms === 0) ctx.report([...at, 'timeout'], 'the approval timeout must be longer than zero');
    }
    const approvers = stringItems(approval.approvers).map(([, s]) => s);
    const onlyPeople = approvers.length > 0 && approvers.every((s) => !s.startsWith('role:') && !s.startsWith('@'));
    const min = approval.min_approvals;
    if (onlyPeople && typeof min === 'number' && min > approvers.length) {
      ctx.report([...at, 'min_approvals'], `min_approvals is ${min} but approvers names only ${approvers.length} ${approvers.length === 1 ? 'person' : 'people'}, and each person counts once`);
    }
  }
};
