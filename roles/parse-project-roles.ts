import { checkRoles } from '../manifest/check-roles.js';
import { ROLES_SCHEMA } from '../manifest/roles-schema.js';
import type { RoleMappings } from '../manifest/types.js';
import { validateYaml, type ValidateResult } from '../manifest/validate-yaml.js';

const EMPTY = 'the manifest is empty';

/**
 * A manifest's `roles:` (YAML syntax, the schema of `roles:`, and checkRoles: known project roles, no tenant or system role),
 * every problem with its position. An empty manifest or one without `roles:` maps nobody: `value` is
 * undefined.
 */
export function parseProjectRoles(text: string, file: string): ValidateResult<RoleMappings | undefined> {
  const result = validateYaml<{ roles?: RoleMappings }>(text, { file, schema: ROLES_SCHEMA, checks: [checkRoles('manifest')], emptyMessage: EMPTY });
  if (result.ok) return { ok: true, value: result.value.roles };
  const empty = result.problems.length === 1 && result.problems[0].message === EMPTY && result.problems[0].path === '';
  return empty ? { ok: true, value: undefined } : result;
}
