import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.js';
import { findManifest, parseManifest } from '../../manifest/load-manifest.js';
import { formatProblem } from '../../manifest/problem.js';
import type { Io } from '../io.js';
import { readLocalTenantConfig } from '../local-tenant-config.js';

export interface ValidateArgs {
  /** A manifest file, or a folder holding `.imagefactory.yml` (default: the current folder). */
  path?: string;
  /** Repository root for the file checks (default: the manifest's folder). */
  root?: string;
  /** Check that build contexts and Dockerfiles exist (default true). */
  files?: boolean;
  /** A tenant.yml to check against (default IMAGEFACTORY_TENANT_CONFIG, else the local tenant's built-in configuration). */
  tenantConfig?: string;
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * `imagefactory validate [FILE|DIR]`: every problem on its own line (`FILE:LINE:COL: message (at PATH)`)
 * and a summary, on stderr. Exit 0 valid, 1 invalid, 2 when there is no manifest to read.
 */
export async function runValidate(args: ValidateArgs, io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const config = loadConfig({ ...env, ...(args.tenantConfig !== undefined ? { IMAGEFACTORY_TENANT_CONFIG: args.tenantConfig } : {}) });
  const tenant = readLocalTenantConfig(config, io, 'imagefactory validate');
  if (!tenant) return 2;
  const found = findManifest(args.path ?? '.');
  if (!found.ok) {
    io.err(`imagefactory validate: ${found.reason}`);
    return 2;
  }
  const root = args.files === false ? undefined : (args.root ?? path.dirname(found.file));
  if (root !== undefined && !fs.existsSync(root)) {
    io.err(`imagefactory validate: --root ${root} does not exist`);
    return 2;
  }
  let text: string;
  try {
    text = await fs.promises.readFile(found.file, 'utf8');
  } catch (err) {
    io.err(`imagefactory validate: cannot read ${found.file}: ${(err as Error).message}`);
    return 2;
  }
  const repository = path.basename(path.resolve(path.dirname(found.file)));
  const result = parseManifest(text, found.file, { repoRoot: root, tenant: { tenant, defaultRegistry: config.registry, repository } });
  if (result.ok) {
    io.out(`${found.file}: valid, ${count(Object.keys(result.value.images).length, 'image')}`);
    return 0;
  }
  for (const problem of result.problems) io.err(formatProblem(problem));
  io.err(`${found.file}: ${count(result.problems.length, 'problem')}`);
  return 1;
}

export function register(program: Command, io: Io): void {
  program
    .command('validate')
    .description('Check an .imagefactory.yml manifest and report every problem with its file:line:col.')
    .argument('[path]', 'a manifest file, or a folder holding .imagefactory.yml (or .imagefactory.yaml)', '.')
    .option('--root <dir>', 'repository root the build contexts and Dockerfiles are checked against (default: the manifest\'s folder)')
    .option('--no-files', 'do not check that build contexts and Dockerfiles exist (schema and other checks only)')
    .option('--tenant-config <file>', "check against this tenant.yml's floor (default IMAGEFACTORY_TENANT_CONFIG, else the local tenant's built-in configuration)")
    .addHelpText(
      'after',
      `
Checks the manifest against its JSON Schema (manifest/imagefactory.schema.json) and the rules a schema
cannot express: contexts and Dockerfiles inside the repository (and present), tag placeholders, registry
names, role names (a manifest maps project roles only), durations; and the tenant's floor: scan and
promotion policies a manifest may tighten but never loosen, promotion rules, allowed registries (the
tenant.yml of --tenant-config or IMAGEFACTORY_TENANT_CONFIG, else the local tenant's built-in
configuration; the GitHub App checks against the organization's tenant.yml). Every problem is reported at
once, one per line on stderr:
  FILE:LINE:COL: message (at YAML.PATH)
followed by "FILE: N problems". A valid manifest prints "FILE: valid, N images" on stdout.
Exit status: 0 valid, 1 problems found, 2 no manifest at that path.

Examples:
  imagefactory validate
  imagefactory validate services/api/.imagefactory.yml --root .
  imagefactory validate manifest.yml --no-files`,
    )
    .action(async (target: string, opts: { root?: string; files?: boolean; tenantConfig?: string }) => {
      process.exitCode = await runValidate({ path: target, root: opts.root, files: opts.files, tenantConfig: opts.tenantConfig }, io);
    });
}
