import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { devServerAnswers } from '../../../lib/temporal-dev-server.js';
import { runCliProcess, startCliProcess } from '../../helpers/cli-process.js';
import { embeddedProcesses, supervisorMessages, watchEmbeddedProcesses } from '../../helpers/embedded-temporal-processes.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';
import { startWorkerProcess } from '../../helpers/worker-process.js';

// The embedded default: no TEMPORAL_ADDRESS, so every CLI process uses the data folder's dev server,
// which its supervisor keeps while any of them runs. The database is the test run's Postgres (DATABASE_URL).
const folders: string[] = [];
const background: ChildProcess[] = [];
afterAll(() => {
  for (const child of background) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

function embeddedEnv(): { dataDir: string; env: Record<string, string> } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-embedded-'));
  folders.push(dataDir);
  const tenant = path.join(dataDir, 'tenant.yml');
  // alice builds, sam reviews; no vulnerability database here, so the default scan policy passes with a warning.
  fs.writeFileSync(tenant, 'version: 1\nroles:\n  tenant-admin: [alice]\n  security-reviewer: [sam]\npolicies:\n  scan:\n    default: { on_missing_db: warn }\n');
  const env = {
    IMAGEFACTORY_DATA: dataDir,
    TEMPORAL_ADDRESS: '',
    IMAGEFACTORY_TASK_QUEUE: `embedded-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    IMAGEFACTORY_USER: 'alice',
    IMAGEFACTORY_TENANT_CONFIG: tenant,
  };
  return { dataDir, env };
}

const manifest = (image: string, approval = '') => `version: 1
images:
  ${image}:
    method: dockerfile
    registry: ${uniqueRepository(image)}
    scan: { on_missing_db: warn }
${approval}`;

const started = (dataDir: string) => supervisorMessages(dataDir).filter((m) => m.startsWith('started the Temporal dev server'));
const nothingLeft = (dataDir: string) => {
  const left = embeddedProcesses(dataDir);
  return left.servers.length === 0 && left.supervisors.length === 0;
};

describe('the embedded Temporal dev server from several shells', () => {
  it('serves a run waiting for approval and an approve from another process, then stops', async () => {
    const { dataDir, env } = embeddedEnv();
    const repo = makeRepo({
      '.imagefactory.yml': manifest('gate', '    approval: { required: true, approvers: [sam] }\n'),
      'Dockerfile': `FROM ${baseImage()}\nRUN echo gated > /gated\n`,
    });
    const watch = watchEmbeddedProcesses(dataDir);
    const run = startCliProcess(['run', repo.dir, '--wait'], env);
    background.push(run.child);
    await until(() => run.output().includes('awaiting 1 approval'), 'the run to wait for approval');
    const build = `gate@${repo.sha.slice(0, 12)}`;

    const approved = await runCliProcess(['approve', build, '--as', 'sam', '--reason', 'checked'], env);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('approve by sam accepted');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^gate\s+succeeded/m);

    await until(() => nothingLeft(dataDir), 'the server and its supervisor to stop', 60_000);
    watch.stop();
    expect(watch.servers.size).toBe(1);
    expect(started(dataDir)).toHaveLength(1);
    expect(supervisorMessages(dataDir)).toContainEqual(expect.stringMatching(/^stopping the Temporal dev server: no process has used it for \d+ s$/));
    expect(fs.existsSync(path.join(dataDir, 'temporal', 'server.json'))).toBe(false);

    // A command that only talks to running builds attaches, and never starts a server.
    const late = await runCliProcess(['approve', build, '--as', 'sam'], env);
    expect(late.code).toBe(2);
    expect(late.stderr).toBe('imagefactory approve: No Temporal server is running: set TEMPORAL_ADDRESS, or run this while `imagefactory run` (or `imagefactory worker`) is running.\n');
    expect(started(dataDir)).toHaveLength(1);
    expect(embeddedProcesses(dataDir).servers).toEqual([]);
  });

  it('serves two runs of different repositories started at the same moment with one server', async () => {
    const { dataDir, env } = embeddedEnv();
    const left = makeRepo({ '.imagefactory.yml': manifest('left'), 'Dockerfile': `FROM ${baseImage()}\nRUN echo left > /side\n` });
    const right = makeRepo({ '.imagefactory.yml': manifest('right'), 'Dockerfile': `FROM ${baseImage()}\nRUN echo right > /side\n` });
    const watch = watchEmbeddedProcesses(dataDir);
    const [a, b] = await Promise.all([runCliProcess(['run', left.dir], env), runCliProcess(['run', right.dir], env)]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toMatch(/^left\s+succeeded/m);
    expect(b.stdout).toMatch(/^right\s+succeeded/m);

    await until(() => nothingLeft(dataDir), 'the server and its supervisor to stop', 60_000);
    watch.stop();
    expect(watch.servers.size).toBe(1);
    expect(watch.mostAtOnce()).toBe(1);
    expect(started(dataDir)).toHaveLength(1);
  });

  it('stops the server once no user is left when users are killed with SIGKILL', async () => {
    const { dataDir, env } = embeddedEnv();
    const leases = () => fs.readdirSync(path.join(dataDir, 'temporal', 'leases')).filter((f) => f.endsWith('.lease'));
    const first = startWorkerProcess(env);
    const second = startWorkerProcess(env);
    try {
      await Promise.all([first.ready, second.ready]);
      const [server] = embeddedProcesses(dataDir).servers;
      expect(embeddedProcesses(dataDir).servers).toEqual([server]);
      expect(leases()).toHaveLength(2);

      await first.kill('SIGKILL');
      await until(() => leases().length === 1, "the supervisor to drop the killed worker's lease", 30_000);
      expect(leases()[0]).toMatch(new RegExp(`^${second.child.pid}-`));
      const info = JSON.parse(fs.readFileSync(path.join(dataDir, 'temporal', 'server.json'), 'utf8')) as { address: string; pid: number };
      expect(info.pid).toBe(server);
      expect(await devServerAnswers(info.address)).toBe(true);

      await second.kill('SIGKILL');
      await until(() => nothingLeft(dataDir), 'the server and its supervisor to stop', 60_000);
      expect(leases()).toEqual([]);
      expect(started(dataDir)).toHaveLength(1);
    } finally {
      await Promise.all([first.kill('SIGKILL'), second.kill('SIGKILL')]);
    }
  });

  it('says in one sentence when the Temporal CLI is missing or its server fails to start', async () => {
    const { dataDir, env } = embeddedEnv();
    const repo = makeRepo({ '.imagefactory.yml': manifest('never'), 'Dockerfile': `FROM ${baseImage()}\n` });
    const missing = await runCliProcess(['run', repo.dir], { ...env, TEMPORAL_CLI: path.join(dataDir, 'no-such-temporal') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`imagefactory: The Temporal CLI is missing at ${path.join(dataDir, 'no-such-temporal')}: run \`npm run setup\` (it builds it once), or set TEMPORAL_ADDRESS to a running server.\n`);

    const broken = path.join(dataDir, 'broken-temporal');
    fs.writeFileSync(broken, '#!/bin/sh\necho "unable to open the state file" >&2\nexit 3\n', { mode: 0o755 });
    const failed = await runCliProcess(['run', repo.dir], { ...env, TEMPORAL_CLI: broken });
    expect(failed.code).toBe(1);
    const serverLog = path.join(dataDir, 'temporal', 'server.log');
    expect(failed.stderr).toBe(`imagefactory: The Temporal dev server exited with 3 while starting; see ${serverLog}.\n`);
    expect(fs.readFileSync(serverLog, 'utf8')).toContain('unable to open the state file');
    await until(() => nothingLeft(dataDir), 'the supervisor to exit', 30_000);
  });
});
