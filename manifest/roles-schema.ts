import type { AnySchemaObject } from 'ajv';
import manifestSchema from './imagefactory.schema.json' with { type: 'json' };

/**
 * The manifest's schema reduced to `roles:` (same definitions, same messages): a project's role mapping is
 * read even when its images have mistakes, and only mistakes in `roles:` refuse it.
 */
export const ROLES_SCHEMA: AnySchemaObject = {
  $schema: manifestSchema.$schema,
  $id: 'https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory-roles.schema.json',
  type: 'object',
  properties: { roles: (manifestSchema.properties as Record<string, unknown>).roles },
  definitions: manifestSchema.definitions,
};
