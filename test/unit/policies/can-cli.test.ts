import { afterEach, describe, expect, test } from '@jest/globals';
import { Command } from 'commander';
import { register, runCan, type CanArgs } from '../../../cli/commands/can.js';
import { bufferIo } from '../../../cli/io.js';
import { ACTION_IDS } from '../../../policies/actions.js';
import { ROLE_IDS } from '../../../policies/roles.js';

async function can(args: CanArgs) {
  const io = bufferIo();
  const code = await runCan(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('imagefactory can ROLE ACTION', () => {
  test('allow: exit 0', async () => {
    expect(await can({ role: 'build-engineer', action: 'create-build', method: 'kaniko' })).toEqual({ code: 0, out: 'allow\n', err: '' });
    expect(await can({ role: 'member', action: 'retry-build' })).toMatchObject({ code: 0, out: 'allow\n' });
  });

  test('deny: exit 1, the reason with its source', async () => {
    expect(await can({ role: 'developer', action: 'create-build', method: 'kaniko' })).toEqual({
      code: 1,
      out: 'deny: developer may not create a build with method kaniko (document 003, Build Method Availability By Role: Kaniko (K8s-native)); allowed for system-admin, platform-operator, tenant-admin, tenant-operator, project-manager, build-engineer\n',
      err: '',
    });
    expect((await can({ role: 'build-engineer', action: 'retry-build', others: true })).out).toBe(
      'deny: build-engineer may retry a build only if they authored it (document 003, Build Operations Matrix: Retry Build); allowed for system-admin, tenant-admin\n',
    );
    expect((await can({ role: 'admin', action: 'delete-project', otherTenant: true })).out).toMatch(/^deny: tenant-admin may not act on another tenant's resources: .* \(document 004, Security Model: Cross-Tenant Access\); allowed for system-admin\n$/);
  });

  test.each([
    [{ role: 'devloper', action: 'create-build' }, 'imagefactory can: unknown role "devloper"; did you mean "developer"?\n'],
    [{ role: 'developer', action: 'creat-build' }, 'imagefactory can: unknown action "creat-build"; did you mean "create-build"?\n'],
    [{ role: 'developer', action: 'approve' }, 'imagefactory can: unknown action "approve"; did you mean "approve-build" or "approve-image"?\n'],
    [{ role: 'developer', action: 'create-build', method: 'kanico' }, 'imagefactory can: unknown method "kanico"; did you mean "kaniko"?\n'],
    [{ role: 'developer' }, 'imagefactory can: expected ROLE and ACTION, or --matrix (see imagefactory can --help)\n'],
    [{ matrix: true, format: 'xml' }, 'imagefactory can: unknown format "xml": expected table, csv, json\n'],
    [{ matrix: true, role: 'viewer' }, 'imagefactory can: --matrix takes no ROLE or ACTION\n'],
  ])('%j exits 2', async (args, err) => {
    expect(await can(args)).toEqual({ code: 2, out: '', err });
  });

  test('an unknown role far from every name lists the names', async () => {
    expect((await can({ role: 'wizard', action: 'view-builds' })).err).toContain('unknown role "wizard": expected one of system-admin, ');
  });
});

describe('imagefactory can --matrix', () => {
  test('json: one object per action, one key per role id', async () => {
    const { code, out } = await can({ matrix: true, format: 'json' });
    const rows = JSON.parse(out) as Record<string, string>[];
    expect(code).toBe(0);
    expect(rows.map((r) => r.action)).toEqual(ACTION_IDS);
    expect(Object.keys(rows[0])).toEqual(['action', ...ROLE_IDS]);
    expect(rows.find((r) => r.action === 'create-build')?.developer).toBe('allow if assigned and method in dockerfile,buildx');
    expect(rows.find((r) => r.action === 'cancel-build')?.['build-engineer']).toBe('allow if assigned and own');
  });

  test('csv: a header, quoted cells where they hold commas', async () => {
    const lines = (await can({ matrix: true, format: 'csv' })).out.trimEnd().split('\n');
    expect(lines[0]).toBe(`action,${ROLE_IDS.join(',')}`);
    expect(lines).toHaveLength(ACTION_IDS.length + 1);
    expect(lines.find((l) => l.startsWith('create-build,'))).toContain(',"allow if assigned and method in dockerfile,buildx",');
  });

  test('table (the default): aligned columns', async () => {
    const lines = (await can({ matrix: true })).out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^action\s+system-admin\s+security-admin\s+.*\s+viewer$/);
    expect(lines[1]).toMatch(/^view-projects\s+allow\s+deny\s+/);
    expect(lines[0].indexOf('system-admin')).toBe(lines[1].indexOf('allow'));
  });
});

describe('register', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  test('sets the exit status, and --help explains ROLE and ACTION', async () => {
    const io = bufferIo();
    const program = new Command('imagefactory').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    register(program, io);
    await program.parseAsync(['node', 'imagefactory', 'can', 'viewer', 'create-build', '--method', 'dockerfile']);
    expect(process.exitCode).toBe(1);
    expect(io.stdout).toMatch(/^deny: viewer may not create a build/);
    await expect(program.parseAsync(['node', 'imagefactory', 'can', '--help'])).rejects.toThrow();
    expect(io.stdout).toContain('ROLE is a role id of document 004 or an alias');
    expect(io.stdout).toContain('view-audit-logs-tenant');
    expect(io.stdout).toContain('Example actions: create-build');
  });
});
