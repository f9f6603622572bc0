import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnySchemaObject } from 'ajv';
import { checkApproval } from './check-approval.js';
import { checkPaths } from './check-paths.js';
import { checkRegistry } from './check-registry.js';
import { checkRoles } from './check-roles.js';
import { checkScan } from './check-scan.js';
import { checkTags } from './check-tags.js';
import { checkTenantFloor, type FloorContext } from './check-tenant-floor.js';
import manifestSchema from './imagefactory.schema.json' with { type: 'json' };
import type { Problem } from './problem.js';
import { fsRepoFiles, type RepoFiles } from './repo-files.js';
import type { Manifest } from './types.js';
import { validateYaml, type SemanticCheck, type ValidateResult } from './validate-yaml.js';

/** The manifest's JSON Schema (manifest/imagefactory.schema.json). */
export const MANIFEST_SCHEMA: AnySchemaObject = manifestSchema;

/** Names a manifest may have at the root of a repository, in order of preference. */
export const MANIFEST_FILE_NAMES = ['.imagefactory.yml', '.imagefactory.yaml'] as const;

export const EMPTY_MANIFEST_MESSAGE = 'the manifest is empty: it needs at least "version: 1" and one image under "images:"';

export interface ParseManifestOptions {
  /** A checkout on disk: also check that build contexts and Dockerfiles exist there. */
  repoRoot?: string;
  /** The repository's files known another way (a Git tree listing); used when repoRoot is not given. */
  repoFiles?: RepoFiles;
  /** The tenant configuration in force: also check the manifest against its floor. */
  tenant?: FloorContext;
}

/** The semantic checks of a manifest, in the order they run. */
export function manifestChecks(opts: ParseManifestOptions = {}): SemanticCheck[] {
  const repo = opts.repoFiles ?? (opts.repoRoot !== undefined ? fsRepoFiles(opts.repoRoot) : undefined);
  return [checkPaths(repo), checkTags, checkRegistry, checkRoles('manifest'), checkApproval, checkScan, ...(opts.tenant ? [checkTenantFloor(opts.tenant)] : [])];
}

/**
 * Validates manifest text (schema, then semantic checks): every problem at once, never throws. The value
 * is the manifest as written, without its `x-` extension keys (anchors only); defaults are not filled in.
 */
export function parseManifest(text: string, file: string, opts: ParseManifestOptions = {}): ValidateResult<Manifest> {
  const result = validateYaml<Manifest>(text, { file, schema: MANIFEST_SCHEMA, checks: manifestChecks(opts), emptyMessage: EMPTY_MANIFEST_MESSAGE });
  if (!result.ok) return result;
  const value = Object.fromEntries(Object.entries(result.value).filter(([key]) => !key.startsWith('x-'))) as unknown as Manifest;
  return { ok: true, value };
}

export type ManifestLocation = { ok: true; file: string } | { ok: false; reason: string };

/** The manifest a path names: the file itself, or `.imagefactory.yml` (or `.yaml`) in a folder. */
export function findManifest(target: string): ManifestLocation {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return { ok: false, reason: `${target} does not exist` };
  }
  if (!stat.isDirectory()) return { ok: true, file: target };
  const present = MANIFEST_FILE_NAMES.filter((name) => fs.existsSync(path.join(target, name)));
  if (present.length === 0) return { ok: false, reason: `no ${MANIFEST_FILE_NAMES.join(' or ')} in ${target}` };
  if (present.length > 1) return { ok: false, reason: `both ${present.join(' and ')} are in ${target}: keep one` };
  return { ok: true, file: path.join(target, present[0]) };
}

export type LoadManifestResult =
  | { ok: true; file: string; value: Manifest }
  | { ok: false; file: string; problems: Problem[] }
  /** No manifest to read: the path does not exist, holds none, or cannot be read. */
  | { ok: false; file: string; missing: string };

/** Finds, reads and validates a manifest file (or the manifest in a folder). */
export async function loadManifestFile(target: string, opts: ParseManifestOptions = {}): Promise<LoadManifestResult> {
  const found = findManifest(target);
  if (!found.ok) return { ok: false, file: target, missing: found.reason };
  let text: string;
  try {
    text = await readFile(found.file, 'utf8');
  } catch (err) {
    return { ok: false, file: found.file, missing: `cannot read ${found.file}: ${(err as Error).message}` };
  }
  const result = parseManifest(text, found.file, opts);
  return result.ok ? { ok: true, file: found.file, value: result.value } : { ok: false, file: found.file, problems: result.problems };
}
