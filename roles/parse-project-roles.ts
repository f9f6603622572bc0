import type { AnySchemaObject } from 'ajv';
import { checkRoles } from '../manifest/check-roles.js';
import { MANIFEST_SCHEMA } from '../manifest/load-manifest.js';
import type { RoleMappings } from '../manifest/types.js';
import { validateYaml, type ValidateResult } from '../manifest/validate-yaml.js';

/**
 * The manifest's schema reduced to `roles:` (same definitions, same messages): a project's role mapping is
 * read even when its images have mistakes, and only mistakes in `roles:` refuse it.
 */
const ROLES_SCHEMA: AnySchemaObject = {
  $schema: MANIFEST_SCHEMA.$schema,
  $id: 'https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory-roles.schema.json',
  type: 'object',
  properties: { roles: (MANIFEST_SCHEMA.properties as Record<string, unknown>).roles },
  definitions: MANIFEST_SCHEMA.definitions,
};

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
