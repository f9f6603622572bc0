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

/** Where a `roles:` mapping is written: a repository's manifest (project roles) or the tenant's tenant.yml. */
export type MappingFile = 'manifest' | 'tenant';

/**
 * The roles a mapping may name. System roles come from the app's configuration, never from a repository.
 * A manifest's `roles:` grants project roles only (project-manager, build-engineer, developer, viewer):
 * tenant roles (tenant-admin, tenant-operator, security-reviewer) come from tenant.yml alone, so a
 * repository can never name its own security reviewers. tenant.yml grants tenant and project roles.
 */
export function checkRoles(file: MappingFile): SemanticCheck {
  return function checkRoleMappings(config, ctx) {
    const roles = isEntry(config) ? config.roles : undefined;
    if (!isEntry(roles)) return;
    for (const name of Object.keys(roles)) {
      const unknown = unknownRoleProblem(name);
      const role = normalizeRole(name);
      if (unknown) ctx.report(['roles', name], unknown, { where: 'key' });
      else if (role && ROLE_SCOPES[role] === 'global') {
        ctx.report(['roles', name], `${name} is a system role: system roles come from the app's configuration, not from a repository`, { where: 'key' });
      } else if (role && file === 'manifest' && ROLE_SCOPES[role] === 'tenant') {
        const alias = name.trim().toLowerCase() === role ? '' : ` (${role})`;
        ctx.report(['roles', name], `${name}${alias} is a tenant role: tenant roles come from tenant.yml in the organization's .imagefactory repository; a manifest maps project roles only (project-manager, build-engineer, developer, viewer)`, { where: 'key' });
      }
    }
  };
}
