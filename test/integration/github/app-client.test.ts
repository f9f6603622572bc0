import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installationClient } from '../../../github/app-client.js';
import { READS_AT_ONCE } from '../../../github/direct-reads.js';
import type { GitHubClient } from '../../../github/github-client.js';
import { httpStatusOf } from '../../../github/http-status.js';
import { parseGitHubAppConfig } from '../../../lib/github-app-config.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { until } from '../../helpers/until.js';

// The App's installation clients against the GitHub double: plain reads go straight to GitHub, and what
// plugin-throttling and plugin-retry do for GitHub's limits still happens (writes queued per installation
// and spaced, reads retried, rate limits waited out, no more than ten reads at a time).
let gh: GitHubDouble;
let acme: GitHubClient;
let other: GitHubClient;
const warnings: string[] = [];

const read = (client: GitHubClient, repo = 'acme/app') => client.request('GET /repos/{owner}/{repo}', { owner: repo.split('/')[0], repo: repo.split('/')[1] });
const react = (client: GitHubClient, repo: string, commentId: number) =>
  client.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { owner: repo.split('/')[0], repo: repo.split('/')[1], comment_id: commentId, content: 'eyes' });
const asked = (method: string, path: string) => gh.requests.filter((r) => r.method === method && r.path === path).length;
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, raw: Buffer.from(JSON.stringify(body)) });

beforeAll(async () => {
  gh = await startGitHubDouble();
  const app = parseGitHubAppConfig({ APP_ID: String(gh.app.id), PRIVATE_KEY: gh.app.privateKey, GHE_HOST: gh.gheHost, GHE_PROTOCOL: 'http' })!;
  for (const [id, login] of [[601, 'acme'], [602, 'other']] as const) {
    gh.addInstallation({ id, account: { login, id: 7200 + id, type: 'Organization' } });
    gh.addRepository({ fullName: `${login}/app`, ownerId: 7200 + id });
  }
  acme = installationClient(app, 601, (m) => warnings.push(m));
  other = installationClient(app, 602, (m) => warnings.push(m));
  await Promise.all([read(acme), read(other, 'other/app')]); // tokens issued
});
afterAll(async () => gh?.close());

describe("the App's GitHub clients", () => {
  it("queue an installation's writes one at a time and about a second apart, while its reads and another installation's writes go on", async () => {
    const held = gh.holdRequests('POST', '/repos/acme/app/issues/comments/11/reactions');
    const first = react(acme, 'acme/app', 11);
    await until(() => held.arrived() === 1, 'the first write to reach GitHub');
    const second = react(acme, 'acme/app', 12);
    // While the first write is unanswered: a read of the same installation, and another installation's write, are answered.
    expect((await read(acme)).status).toBe(200);
    expect((await react(other, 'other/app', 21)).status).toBe(201);
    expect(asked('POST', '/repos/acme/app/issues/comments/12/reactions')).toBe(0);
    held.release();
    await first;
    await second;
    const [one, two] = gh.reactions({ repository: 'acme/app' }).map((r) => r.commentId);
    expect([one, two]).toEqual([11, 12]);

    // A write asked for right after another is answered waits for the rest of the installation's second.
    await react(acme, 'acme/app', 13);
    const answered = Date.now();
    await react(acme, 'acme/app', 14);
    expect(Date.now() - answered).toBeGreaterThanOrEqual(500);
  });

  it('send a read answered 502 again, and it succeeds; a 404 is the answer, asked once', async () => {
    gh.failNext('GET', '/repos/acme/app', [[502, { message: 'Bad Gateway' }]]);
    const before = asked('GET', '/repos/acme/app');
    expect((await read(acme)).status).toBe(200);
    expect(asked('GET', '/repos/acme/app') - before).toBe(2);

    const missing = await read(acme, 'acme/nothing').then(() => undefined, (err: unknown) => err);
    expect(httpStatusOf(missing)).toBe(404);
    expect(asked('GET', '/repos/acme/nothing')).toBe(1);
  });

  it('wait out a secondary rate limit on a read as GitHub says (Retry-After), then send it again', async () => {
    const limited = json(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
    gh.failNext('GET', '/repos/other/app', [limited, limited]);
    const before = asked('GET', '/repos/other/app');
    expect((await read(other, 'other/app')).status).toBe(200);
    expect(asked('GET', '/repos/other/app') - before).toBe(3);
    expect(warnings.some((w) => /Secondary Rate limit hit with "GET \/repos\/\{owner\}\/\{repo\}"/.test(w))).toBe(true);
  });

  it(`send no more than ${READS_AT_ONCE} reads of an installation at a time`, async () => {
    const held = gh.holdRequests('GET', '/repos/acme/app');
    const reads = Array.from({ length: READS_AT_ONCE + 3 }, () => read(acme));
    await until(() => held.arrived() >= READS_AT_ONCE, `${READS_AT_ONCE} reads to reach GitHub`);
    expect((await read(other, 'other/app')).status).toBe(200); // another installation's reads are not held behind them
    expect(held.arrived()).toBe(READS_AT_ONCE);
    held.release();
    expect((await Promise.all(reads)).every((r) => r.status === 200)).toBe(true);
    expect(held.mostAtOnce()).toBe(READS_AT_ONCE);
  });
});
