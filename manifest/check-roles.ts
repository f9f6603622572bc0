import { normalizeRole, ROLE_ALIASES, ROLE_IDS, ROLE_SCOPES } from '../policies/roles.js';
import { didYouMean } from './did-you-mean.js';
import type { SemanticCheck } from './validate-yaml.js';
import { isEntry } from './walk.js';

const ROLE_NAMES = [...ROLE_IDS, ...Object.keys(ROLE_ALIASES)];

/** Why a role name is unknown (with a "did you mean"), or undefined when it is a role id or an alias. */
export function unknownRoleProblem(name: string): string | undefined {
  if (normalizeRole(name) !== undefined) return undefined;
  const guess = didYouMean(name, ROLE_NAMES);
  if (guess) return `unknown role ${JSON.stringify(name)}; did you mean "${guess}"?`;
  return `unknown role ${JSON.stringify(name)} (roles: ${ROLE_IDS.join(', ')}; aliases: ${Object.keys(ROLE_ALIASES).join(', ')})`;
}

/**
 * The manifest's `roles:` names project and tenant roles (or their aliases) only: system roles come from
 * the app's configuration, never from a repository.
 */
export const checkRoles: SemanticCheck = function checkRoleMappings(manifest, ctx) {
  const roles = isEntry(manifest) ? manifest.roles : undefined;
  if (!isEntry(roles)) return;
  for (const name of Object.keys(roles)) {
    const unknown = unknownRoleProblem(name);
    const role = normalizeRole(name);
    if (unknown) ctx.report(['roles', name], unknown, { where: 'key' });
    else if (role && ROLE_SCOPES[role] === 'global') {
      ctx.report(['roles', name], `${name} is a system role: system roles come from the app's configuration, not from a repository`, { where: 'key' });
    }
  }
};
