import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import type { OpenDatabase } from '../../../db/database.js';
import { openDatabase } from '../../../db/open-database.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { loadConfig } from '../../../lib/config.js';
import { runCliProcess } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';

/**
 * A shared deployment (the test run's TEMPORAL_ADDRESS): the CLI acts as the GitHub login of GITHUB_TOKEN.
 * alice runs the local tenant (IMAGEFACTORY_USER of the worker in the run: its built-in tenant-admin).
 */
const env = (token = 'alice-token') => ({ IMAGEFACTORY_TASK_QUEUE: `cli-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`, IMAGEFACTORY_USER: 'alice', GITHUB_API_URL: github.url, GITHUB_TOKEN: token });

const manifest = (image: string) => `version: 1
images:
  ${image}:
    method: dockerfile
    registry: ${uniqueRepository(image)}
    tags: ["{{short_sha}}"]
    scan: { on_missing_db: warn }
`;

let database: OpenDatabase;
let github: GitHubDouble;
beforeAll(async () => {
  database = await openDatabase(loadConfig());
  github = await startGitHubDouble();
  github.setToken('alice-token', 'alice');
  github.setToken('dan-token', 'dan');
});
afterAll(async () => {
  await database?.close();
  await github?.close();
});

describe('imagefactory run', () => {
  it('builds a checkout, ends with a summary table and exit 0, and shows the earlier result on a second run', async () => {
    const repo = makeRepo({ '.imagefactory.yml': manifest('site'), 'Dockerfile': `FROM ${baseImage()}\nRUN echo built > /built\n` });
    const e = env();
    const first = await runCliProcess(['run', repo.dir], e);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/building with dockerfile/);
    expect(first.stdout).toMatch(/site \| STEP 2\/\d+: RUN echo built > \/built/);
    expect(first.stdout).toMatch(new RegExp(`^site\\s+succeeded\\s+sha256:[0-9a-f]{12}…\\s+${repo.sha.slice(0, 7)}\\s`, 'm'));

    const second = await runCliProcess(['run', repo.dir], e);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/building with dockerfile/);
    expect(second.stdout).toContain('site: the result of an earlier build at this commit (--rebuild builds it again)');
  });

  it('exits 2 when an image is quarantined and 1 when a build fails', async () => {
    const repo = makeRepo({
      '.imagefactory.yml': `${manifest('held')}  broken:\n    method: dockerfile\n    dockerfile: Broken.Dockerfile\n    registry: ${uniqueRepository('broken')}\n`,
      'Dockerfile': `FROM ${baseImage()}\nRUN mkdir -p /etc/app && printf 'aws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /etc/app/credentials\n`,
      'Broken.Dockerfile': `FROM ${baseImage()}\nRUN echo about to fail && exit 3\n`,
    });
    const held = await runCliProcess(['run', repo.dir, '--image', 'held', '--no-prompt'], env());
    expect(held.code).toBe(2);
    expect(held.stdout).toMatch(/^held\s+quarantined/m);
    expect(held.stdout).toContain('held: held because 1 secret found: aws-access-key-id in /etc/app/credentials');
    const broken = await runCliProcess(['run', repo.dir, '--image', 'broken'], env());
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^broken\s+failed/m);
    expect(broken.stdout).toContain('about to fail');
  });

  it('refuses, before building anything, a method the person may not use, and an invalid manifest', async () => {
    const repo = makeRepo({
      '.imagefactory.yml': 'version: 1\nimages:\n  fast:\n    method: kaniko\nroles:\n  developer: [dan]\n',
      'Dockerfile': `FROM ${baseImage()}\n`,
    });
    const refused = await runCliProcess(['run', repo.dir], env('dan-token'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('dan may not build fast: developer may not create a build with method kaniko');
    const audited = await withCrossTenantRead(database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.actor, 'dan'), eq(auditEvents.project, path.basename(repo.dir)))));
    expect(audited).toMatchObject([{ action: 'build.requested', decision: 'deny', tenantId: 'local' }]);
    expect(audited[0].reason).toContain('kaniko');
    const bad = makeRepo({ '.imagefactory.yml': 'version: 1\nimages:\n  x:\n    method: dockerfil\n    tag: [a]\n' });
    const invalid = await runCliProcess(['run', bad.dir], env());
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/\.imagefactory\.yml:4:13: .*dockerfil/);
    expect(invalid.stderr).toMatch(/\.imagefactory\.yml:5:5: .*did you mean "tags"/);
  });
});
