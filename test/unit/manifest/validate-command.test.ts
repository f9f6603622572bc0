import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { validateCommand } from './validate-command-helpers.js';
import { bufferIo } from '../../../cli/io.js';
import { buildProgram, runMain } from '../../../cli/main.js';
import { runValidate } from '../../../cli/commands/validate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => path.relative(process.cwd(), path.join(ROOT, 'test/fixtures/manifests', name));

describe('imagefactory validate', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints "FILE: valid, N images" and exits 0 for a valid manifest in a folder', async () => {
    const io = bufferIo();
    expect(await runValidate({ path: fixture('repo') }, io)).toBe(0);
    expect(io.stdout).toBe(`${path.join(fixture('repo'), '.imagefactory.yml')}: valid, 2 images\n`);
    expect(io.stderr).toBe('');
  });

  it('prints every problem on its own line and a summary on stderr, exit 1', async () => {
    const io = bufferIo();
    const file = fixture('invalid/several-mistakes.yml');
    expect(await runValidate({ path: file, files: false }, io)).toBe(1);
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(`${file}:6:13: unknown value "dockerfle"; did you mean "dockerfile"? (allowed: dockerfile, buildx, kaniko, paketo, packer) (at images.api.method)`);
    expect(lines[7]).toBe(`${file}: 7 problems`);
    expect(io.stdout).toBe('');
  });

  it('checks files against the manifest\'s folder unless told otherwise', async () => {
    const io = bufferIo();
    expect(await runValidate({ path: fixture('repo-broken') }, io)).toBe(1);
    expect(io.stderr).toContain('build context "services/api" does not exist in the repository (at images.api.context)');
    const quiet = bufferIo();
    expect(await runValidate({ path: fixture('repo-broken'), files: false }, quiet)).toBe(1);
    expect(quiet.stderr).not.toContain('does not exist');
    expect(quiet.stderr).toContain('1 problem\n');
  });

  it('exits 2 when there is no manifest or the root does not exist', async () => {
    const io = bufferIo();
    expect(await runValidate({ path: fixture('nowhere.yml') }, io)).toBe(2);
    expect(await runValidate({ path: fixture('valid') }, io)).toBe(2);
    expect(await runValidate({ path: fixture('repo'), root: fixture('no-root') }, io)).toBe(2);
    expect(io.stderr.trimEnd().split('\n')).toEqual([
      `imagefactory validate: ${fixture('nowhere.yml')} does not exist`,
      `imagefactory validate: no .imagefactory.yml or .imagefactory.yaml in ${fixture('valid')}`,
      `imagefactory validate: --root ${fixture('no-root')} does not exist`,
    ]);
  });

  it('is registered with the CLI, describes itself in --help and sets the exit code', async () => {
    const help = bufferIo();
    const validate = (await buildProgram(help)).commands.find((c) => c.name() === 'validate');
    validate?.outputHelp();
    expect(help.stdout).toContain('Usage: imagefactory validate [options] [path]');
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Check an .imagefactory.yml manifest and report every problem with its file:line:col.');
    expect(text).toContain('--no-files');
    expect(text).toContain('Exit status: 0 valid, 1 problems found, 2 no manifest at that path.');
    const io = bufferIo();
    await runMain(['node', 'imagefactory', 'validate', fixture('invalid/bad-method.yml')], io);
    expect(process.exitCode).toBe(1);
    expect(io.stderr).toContain('bad-method.yml:5:13: unknown value "dockerfle"');
  });

  it('exits 1 with the problems when run as a process', async () => {
    const file = fixture('invalid/empty.yml');
    const result = await validateCommand(path.join(ROOT, 'test/helpers/run-cli.ts'), [file], ROOT);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `${file}:1:1: the manifest is empty: it needs at least "version: 1" and one image under "images:"\n${file}: 1 problem\n` });
  });
});

describe('imagefactory validate applies the tenant configuration in force', () => {
  it('reports a manifest that loosens the tenant.yml named by --tenant-config or IMAGEFACTORY_TENANT_CONFIG, at its line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-validate-'));
    fs.writeFileSync(path.join(dir, '.imagefactory.yml'), 'version: 1\nimages:\n  api:\n    method: dockerfile\n    scan: { fail_on: [CRITICAL] }\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
    const tenantYml = path.join(dir, 'tenant.yml');
    fs.writeFileSync(tenantYml, 'version: 1\npolicies:\n  scan:\n    default: { fail_on: [CRITICAL, HIGH] }\n');
    const viaFlag = bufferIo();
    expect(await runValidate({ path: dir, tenantConfig: tenantYml }, viaFlag, {})).toBe(1);
    expect(viaFlag.stderr).toContain(`.imagefactory.yml:5:22: fail_on leaves out HIGH, which ${tenantYml} policies.scan.default requires (fail_on: CRITICAL, HIGH): a manifest may add severities, never remove them (at images.api.scan.fail_on)`);
    const viaEnv = bufferIo();
    expect(await runValidate({ path: dir }, viaEnv, { IMAGEFACTORY_TENANT_CONFIG: tenantYml })).toBe(1);
    expect(viaEnv.stderr).toBe(viaFlag.stderr);
    const builtIn = bufferIo();
    expect(await runValidate({ path: dir }, builtIn, {})).toBe(0);
    const missing = bufferIo();
    expect(await runValidate({ path: dir, tenantConfig: path.join(dir, 'nope.yml') }, missing, {})).toBe(2);
    expect(missing.stderr).toContain('nope.yml: no such file');
  });
});
