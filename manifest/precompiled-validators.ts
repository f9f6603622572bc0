import * as generated from './generated/schema-validators.js';

const IDS = {
  manifest: 'https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory.schema.json',
  roles: 'https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/imagefactory-roles.schema.json',
  tenant: 'https://raw.githubusercontent.com/OWNER/imagefactory/main/manifest/tenant.schema.json',
} as const;

type Check = (data: unknown) => boolean;

/** The validators compiled ahead of time (scripts/generate-validators.ts), by schema `$id`: whether a file is valid, nothing more. */
export const PRECOMPILED_BY_ID: Readonly<Record<string, Check>> = Object.fromEntries(
  (Object.keys(IDS) as (keyof typeof IDS)[]).map((name) => [IDS[name], (generated as unknown as Record<string, Check>)[name]]),
);
