import type { RoleMappings } from '../manifest/types.js';
import { ROLE_ALIASES, ROLE_IDS, ROLE_SCOPES, normalizeRole, type RoleId } from './roles.js';

/**
 * Where roles come from, widest first: the app's configuration (system roles), the tenant's tenant.yml
 * (tenant roles, and project roles for every project of the tenant), the repository's manifest `roles:`
 * (project roles only). Pure: no I/O, no clock.
 */

/** One role mapping as read and accepted: a label for messages (`tenant.yml`, `.imagefactory.yml`) and its `roles:`. */
export interface MappingInput {
  label: string;
  roles: RoleMappings;
}

export interface RoleResolutionInput {
  /** The subject's GitHub login. */
  login: string;
  /** `@org/team` slugs the subject belongs to (only those named by the mappings matter). */
  teams: readonly string[];
  /** The app's configuration: login -> system role names (IMAGEFACTORY_SYSTEM_ROLES). */
  system: Readonly<Record<string, readonly string[]>>;
  /** The tenant's mapping in force, when it has one. */
  tenant?: MappingInput;
  /** The project's mapping in force, when it has one. */
  project?: MappingInput;
}

/** Where a grant applies: every tenant (system roles), the whole tenant (tenant.yml), this project only (the manifest). */
export type GrantScope = 'global' | 'tenant' | 'project';

export interface RoleGrant {
  role: RoleId;
  /** How it was granted, e.g. `tenant.yml roles.admin (alias) ← @acme/leads`. */
  via: string;
  scope: GrantScope;
}

/** The name the app's configuration is read from, as `via` shows it. */
export const SYSTEM_ROLES_SOURCE = 'app configuration IMAGEFACTORY_SYSTEM_ROLES';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Is `subject` (a login or an `@org/team` slug) this person? Logins and slugs compare without regard to case. */
export function subjectMatches(subject: string, login: string, teams: readonly string[]): boolean {
  return subject.startsWith('@') ? teams.some((t) => same(t, subject)) : same(subject, login);
}

function aliasNote(name: string): string {
  return Object.hasOwn(ROLE_ALIASES, name.trim().toLowerCase()) ? ' (alias)' : '';
}

/**
 * tenant.yml grants tenant and project roles; a manifest's `roles:` grants project roles only. A role a
 * mapping may not grant (a system role anywhere, a tenant role in a manifest) grants nothing.
 */
function mappingGrants(mapping: MappingInput | undefined, scope: 'tenant' | 'project', login: string, teams: readonly string[]): RoleGrant[] {
  if (!mapping) return [];
  const grants: RoleGrant[] = [];
  for (const [name, subjects] of Object.entries(mapping.roles)) {
    const role = normalizeRole(name);
    if (role === undefined || ROLE_SCOPES[role] === 'global' || (scope === 'project' && ROLE_SCOPES[role] !== 'project') || !Array.isArray(subjects)) continue;
    for (const subject of subjects) {
      if (typeof subject === 'string' && subjectMatches(subject, login, teams)) {
        grants.push({ role, via: `${mapping.label} roles.${name}${aliasNote(name)} ← ${subject}`, scope });
      }
    }
  }
  return grants;
}

/** The configuration grants system roles only; any other role named there grants nothing. */
function systemGrants(system: RoleResolutionInput['system'], login: string): RoleGrant[] {
  const grants: RoleGrant[] = [];
  for (const [who, names] of Object.entries(system)) {
    if (!same(who, login)) continue;
    for (const name of names) {
      const role = normalizeRole(name);
      if (role !== undefined && ROLE_SCOPES[role] === 'global') grants.push({ role, via: `${SYSTEM_ROLES_SOURCE} ← ${who}`, scope: 'global' });
    }
  }
  return grants;
}

/**
 * Every role the subject holds and how: one grant per mapping entry that names the subject (by login or by
 * a team it belongs to), system grants first, then tenant.yml, then the manifest, each in its own order.
 * Aliases are normalized (`admin` -> tenant-admin, noted as an alias); a role a source may not grant (a
 * system role in a repository, a non-system role in the configuration) grants nothing.
 */
export function resolveRoles(input: RoleResolutionInput): RoleGrant[] {
  return [
    ...systemGrants(input.system, input.login),
    ...mappingGrants(input.tenant, 'tenant', input.login, input.teams),
    ...mappingGrants(input.project, 'project', input.login, input.teams),
  ];
}

/** The distinct roles of some grants, widest first: what `decide` is given. */
export function grantedRoles(grants: readonly RoleGrant[]): RoleId[] {
  return ROLE_IDS.filter((r) => grants.some((g) => g.role === r));
}

/**
 * Is the subject assigned to the project (document 003's "assigned projects")? Yes when the project's
 * mapping names them, or when tenant.yml gives them a project role (which applies to every project).
 */
export function isAssigned(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => g.scope === 'project' || (g.scope === 'tenant' && ROLE_SCOPES[g.role] === 'project'));
}

/** The `@org/team` slugs some mappings name (lower-case, each once): the only teams worth asking about. */
export function referencedTeams(mappings: readonly (RoleMappings | undefined)[]): string[] {
  const teams = new Set<string>();
  for (const mapping of mappings) {
    for (const subjects of Object.values(mapping ?? {})) {
      for (const s of Array.isArray(subjects) ? subjects : []) if (typeof s === 'string' && s.startsWith('@')) teams.add(s.toLowerCase());
    }
  }
  return [...teams];
}
