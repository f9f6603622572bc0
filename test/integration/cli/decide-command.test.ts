import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCliProcess, startCliProcess } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

describe('deciding from another shell', () => {
  it('approve, status and logs reach the build a waiting run is following', async () => {
    const repo = makeRepo({
      '.imagefactory.yml': `version: 1
images:
  gate:
    method: dockerfile
    registry: ${uniqueRepository('gate')}
    scan: { on_missing_db: warn }
    approval: { required: true, approvers: ["role:security-reviewer"] }
roles:
  security-reviewer: [sam]
  viewer: [vic]
`,
      'Dockerfile': `FROM ${baseImage()}\nRUN echo gated > /gated\n`,
    });
    const env = { IMAGEFACTORY_TASK_QUEUE: `decide-${Date.now().toString(36)}`, IMAGEFACTORY_USER: 'alice' };
    const run = startCliProcess(['run', repo.dir, '--wait'], env);
    await until(() => run.output().includes('awaiting 1 approval'), 'the run to wait for approval');
    const build = `gate@${repo.sha.slice(0, 12)}`;

    const viewer = await runCliProcess(['approve', build, '--as', 'vic', '--dir', repo.dir], env);
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/refused: viewer may not approve/);

    const status = await runCliProcess(['status', build], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/status +awaiting_approval: awaiting 1 approval/);

    const approved = await runCliProcess(['approve', build, '--as', 'sam', '--dir', repo.dir, '--reason', 'looks fine'], env);
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`approve local/${path.basename(repo.dir)}/${build} as sam: approve by sam accepted`);

    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^gate\s+succeeded/m);

    const logs = await runCliProcess(['logs', build], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/RUN echo gated > \/gated/);
    const unknown = await runCliProcess(['approve', 'no-such-build@123', '--as', 'sam'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no build matches "no-such-build@123"');
  });
});
