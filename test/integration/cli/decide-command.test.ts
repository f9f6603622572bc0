import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCliProcess, startCliProcess } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

let github: GitHubDouble;
let tenantFile: string;
beforeAll(async () => {
  // A shared deployment (the test run's TEMPORAL_ADDRESS): the CLI acts as the GitHub login of its token.
  github = await startGitHubDouble();
  for (const login of ['alice', 'sam', 'quinn', 'vic']) github.setToken(`${login}-token`, login);
  github.setTeam('acme', 'qa', ['quinn']);
  tenantFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-tenant-')), 'tenant.yml');
  fs.writeFileSync(tenantFile, `version: 1\nroles:\n  build-engineer: [alice]\n  security-reviewer: [sam, quinn]\n  viewer: [vic]\npolicies:\n  scan:\n    default: { fail_on: [CRITICAL], on_missing_db: warn }\n`);
});
afterAll(async () => {
  await github?.close();
});

const as = (login: string, env: Record<string, string>) => ({ ...env, GITHUB_TOKEN: `${login}-token` });

describe('deciding from another shell', () => {
  it('approve, status and logs reach the build a waiting run is following; teams come from GitHub', async () => {
    const repo = makeRepo({
      '.imagefactory.yml': `version: 1
images:
  gate:
    method: dockerfile
    registry: ${uniqueRepository('gate')}
    scan: { on_missing_db: warn }
    approval: { required: true, approvers: ["role:security-reviewer"], require_each: ["role:security-reviewer", "@acme/qa"] }
`,
      'Dockerfile': `FROM ${baseImage()}\nRUN echo gated > /gated\n`,
    });
    const env = { IMAGEFACTORY_TASK_QUEUE: `decide-${Date.now().toString(36)}`, IMAGEFACTORY_TENANT_CONFIG: tenantFile, GITHUB_API_URL: github.url };
    const run = startCliProcess(['run', repo.dir, '--wait'], as('alice', env));
    await until(() => run.output().includes('awaiting 2 approval'), 'the run to wait for approval');
    const build = `gate@${repo.sha.slice(0, 12)}`;

    const viewer = await runCliProcess(['approve', build], as('vic', env));
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/refused: viewer may not approve/);
    const impersonating = await runCliProcess(['approve', build, '--as', 'sam'], as('vic', env));
    expect(impersonating.code).toBe(2);
    expect(impersonating.stderr).toContain('--as is for trying policies on the embedded local stack only: against a shared deployment (TEMPORAL_ADDRESS=');

    const status = await runCliProcess(['status', build], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/status +awaiting_approval: awaiting 2 approval/);

    const first = await runCliProcess(['approve', build, '--reason', 'looks fine'], as('sam', env));
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`approve local/${path.basename(repo.dir)}/${build} as sam: approve by sam accepted`);
    // quinn's membership of @acme/qa is asked of GitHub by the worker, not said by the CLI.
    const second = await runCliProcess(['approve', build], as('quinn', env));
    expect(second.code).toBe(0);

    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^gate\s+succeeded/m);
    expect(github.requestsTo('/orgs/acme/teams/qa/memberships/quinn').length).toBeGreaterThan(0);

    // The build is over and no worker answers for it: status reads what the database keeps.
    const after = await runCliProcess(['status', build], env);
    expect(after.stdout).toMatch(/^status +succeeded$/m);
    expect(after.stdout).toMatch(/^findings +none \(trivy; vulnerability database: missing\)$/m);
    expect(after.stdout).toMatch(/^approved +by sam \[security-reviewer\] at \S+: looks fine$/m);
    expect(after.stdout).toMatch(/^approved +by quinn \[security-reviewer\] at \S+$/m);

    const logs = await runCliProcess(['logs', build], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/RUN echo gated > \/gated/);
    const unknown = await runCliProcess(['approve', 'no-such-build@123'], as('sam', env));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no build matches "no-such-build@123"');
  });

  it('refuses to act for nobody: no token, or one GitHub does not accept', async () => {
    const noToken = await runCliProcess(['approve', 'x@1'], { GITHUB_TOKEN: '', GITHUB_API_URL: github.url });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('the CLI acts as the GitHub login of its token: set GITHUB_TOKEN');
    const wrong = await runCliProcess(['approve', 'x@1'], { GITHUB_TOKEN: 'forged', GITHUB_API_URL: github.url });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`GITHUB_TOKEN is not accepted by ${github.url} (HTTP 401)`);
  });
});
