import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startCliProcess } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { startCutProxy, type CutProxy } from '../../helpers/tcp-cut-proxy.js';
import { until } from '../../helpers/until.js';

let github: GitHubDouble;
let proxy: CutProxy;
beforeAll(async () => {
  github = await startGitHubDouble();
  github.setToken('alice-token', 'alice');
  proxy = await startCutProxy('127.0.0.1', 5432);
});
afterAll(async () => {
  await proxy?.close();
  await github?.close();
});

/** The test run's database URLs, through the proxy. */
const through = (url: string) => {
  const u = new URL(url);
  u.host = `127.0.0.1:${proxy.port}`;
  return u.toString();
};

describe('a short Postgres outage during imagefactory run', () => {
  it('is one sentence on the terminal, the details in the log file, and the build carries on', async () => {
    const repo = makeRepo({
      '.imagefactory.yml': `version: 1\nimages:\n  slow:\n    method: dockerfile\n    registry: ${uniqueRepository('outage')}\n    scan: { on_missing_db: warn }\n`,
      'Dockerfile': `FROM ${baseImage()}\nRUN sleep 6 && echo ${Math.random()} > /x\n`,
    });
    const run = startCliProcess(['run', repo.dir], {
      IMAGEFACTORY_TASK_QUEUE: `outage-${Date.now().toString(36)}`,
      IMAGEFACTORY_USER: 'alice',
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'alice-token',
      DATABASE_URL: through(process.env.DATABASE_URL!),
      DATABASE_OWNER_URL: through(process.env.DATABASE_OWNER_URL!),
    });
    await until(() => run.output().includes('RUN sleep 6'), 'the build to be running');
    proxy.cut();
    await new Promise((r) => setTimeout(r, 3000));
    proxy.restore();
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^slow\s+succeeded/m);
    const lines = result.stderr.trimEnd().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^imagefactory run: .+ \(details in .+run\.log\)$/);
      expect(line.length).toBeLessThan(300);
    }
    expect(result.stderr).not.toMatch(/\bat \S+ \(|"stack"|connectionParameters/);
  });
});
