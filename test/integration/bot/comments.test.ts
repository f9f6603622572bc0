import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { buildIdFor, buildKeyFor } from '../../../builds/plan-builds.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { builds, projects } from '../../../db/schema/index.js';
import { withCrossTenantRead, withTenant } from '../../../db/with-tenant.js';
import { checkRunName } from '../../../templates/check-run.js';
import { statusQuery } from '../../../workflows/image-build-handlers.js';
import type { BuildState } from '../../../workflows/image-build-types.js';
import { appEnv, startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { baseImage, manifestPuts, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

let github: GitHubDouble;
let h: FactoryHarness;
const bots: BotProcess[] = [];

const accountId = 800000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const account = { login: `acme-${accountId}`, id: accountId, type: 'Organization' as const };
const installation = { id: accountId + 1, account };
const full = `${account.login}/app`;
const repository = { id: 31, name: 'app', full_name: full, default_branch: 'main', html_url: `https://github.com/${full}`, private: true, owner: { login: account.login, id: accountId, type: 'Organization' } };
const release = uniqueRepository('comments');
const promoted = `${release}-prod`;

const manifest = `version: 1
images:
  app:
    method: dockerfile
    registry: ${release}
    triggers: { pull_request: true }
    approval: { required: true, approvers: ["role:security-reviewer"] }
    promote: { to: ${promoted} }
`;

let nextComment = 1000;
/** An issue_comment webhook as GitHub sends it for a pull request's comment. */
function commentPayload(pr: number, login: string, body: string, opts: { action?: string; type?: 'User' | 'Bot'; id?: number } = {}) {
  const id = opts.id ?? nextComment++;
  const user = { login, id: login.length, type: opts.type ?? 'User' };
  return {
    action: opts.action ?? 'created',
    issue: { number: pr, title: 'a change', user: { login: 'dana', type: 'User' }, pull_request: { url: `https://api.github.com/repos/${full}/pulls/${pr}` } },
    comment: { id, body, user, performed_via_github_app: null },
    repository,
    installation: { id: installation.id },
    sender: user,
  };
}

/** The same on an issue (not a pull request). */
function issueCommentPayload(issue: number, login: string, body: string) {
  const { issue: _pr, ...rest } = commentPayload(issue, login, body);
  return { ...rest, issue: { number: issue, title: 'builds of main', user: { login, type: 'User' } } };
}

/** A pull request from a branch of the repository, its head a commit changing the Dockerfile. */
function openPullRequest(number: number): string {
  const sha = github.commit(full, `feature-${number}`, { author: 'dana', files: { 'Dockerfile': `FROM ${baseImage()}\nCOPY note.txt /note.txt\n`, 'note.txt': `pull request ${number}\n` } });
  github.addPullRequest(full, { number, head: sha, headRef: `feature-${number}`, author: 'dana' });
  return sha;
}

const buildOf = (sha: string) => buildIdFor(tenantId, full, 'app', { sha, ref: '', dirty: false });
async function stateOf(buildId: string): Promise<BuildState | undefined> {
  return h.client.workflow.getHandle(buildId).query(statusQuery).catch(() => undefined);
}
const replies = (pr: number) => github.issueComments({ repository: full, issue: pr }).map((c) => c.body);
const receipts = async (actor: string) =>
  withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, 'command.received'), eq(auditEvents.actor, actor))));
const promotedTags = (sha: string) => manifestPuts(promoted.split('/').slice(1).join('/')).get(sha) ?? 0;

beforeAll(async () => {
  github = await startGitHubDouble();
  github.addInstallation(installation);
  github.addRepository({ fullName: full, ownerId: accountId });
  github.commit(full, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest, 'Dockerfile': `FROM ${baseImage()}\n` } });
  h = await startFactory(appEnv(github));
  await putMappingsInForce(h.database.db, { tenantId, owner: account.login, tenant: testTenantConfig(h.config.registry) });
  bots.push(await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue }));
  const installed = await github.deliverWebhook('installation', { action: 'created', installation, repositories: [{ id: 31, name: 'app', full_name: full, private: true }], sender: { login: 'carol', id: 3, type: 'User' } });
  expect(installed.status_code).toBe(200);
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await h?.stop();
  await github?.close();
});

describe('comment commands on a pull request', () => {
  const pr = 7;
  let sha: string;

  it('/build starts the build of the head commit from its tarball, with a reaction on receipt and a reply', async () => {
    sha = openPullRequest(pr);
    const comment = commentPayload(pr, 'dana', 'Ready for a build.\n\n/build');
    const attempt = await github.deliverWebhook('issue_comment', comment);
    expect(attempt.status_code).toBe(200);
    expect(github.reactions({ commentId: comment.comment.id }).map((r) => r.content)).toEqual(['eyes']);
    expect(replies(pr)).toEqual([`> /build\n\nBuilding \`app\` at \`${sha.slice(0, 7)}\` (the head of pull request #${pr}), as asked by @dana: each image's check run follows its build.`]);
    await until(async () => (await stateOf(buildOf(sha)))?.status === 'awaiting_approval', 'the build to wait for approval');
    expect(github.requestsTo(`/repos/${full}/tarball/${sha}`)).toHaveLength(1);
    expect((await stateOf(buildOf(sha)))?.author).toBe('dana');
    expect((await receipts('dana')).map((e) => e.data)).toEqual([expect.objectContaining({ command: '/build', issue: pr, pullRequest: true, commentId: comment.comment.id, channel: 'github' })]);
  });

  it("refuses a viewer's /approve, naming the roles that may, and audits it", async () => {
    await github.deliverWebhook('issue_comment', commentPayload(pr, 'vic', '/approve looks fine to me'));
    const reply = replies(pr).at(-1)!;
    expect(reply).toContain(`approve of \`app\` (\`${buildOf(sha)}\`) by @vic: **refused**: viewer may not approve a build`);
    expect(reply).toMatch(/allowed for [a-z-, ]*security-reviewer/);
    expect((await stateOf(buildOf(sha)))?.approvals).toEqual([]);
    const [receipt, ...more] = await receipts('vic');
    expect(more).toHaveLength(0);
    const refusals = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.actor, 'vic'), eq(auditEvents.decision, 'deny'))));
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    // The receipt is recorded before anything is decided (the command's reads of GitHub run beside it).
    expect(refusals.every((r) => r.seq > receipt.seq)).toBe(true);
  });

  it("does nothing with a bot's comment, an edited comment or a quoted /approve", async () => {
    const before = { comments: github.issueComments().length, reactions: github.reactions().length };
    const ignored = [
      commentPayload(pr, 'imagefactory[bot]', '/approve', { type: 'Bot' }),
      commentPayload(pr, 'sam', '/approve', { action: 'edited' }),
      commentPayload(pr, 'sam', '> /approve\n\nThe above is what I would say.'),
    ];
    for (const c of ignored) expect((await github.deliverWebhook('issue_comment', c)).status_code).toBe(200);
    expect({ comments: github.issueComments().length, reactions: github.reactions().length }).toEqual(before);
    expect((await stateOf(buildOf(sha)))?.approvals).toEqual([]);
    expect(await receipts('sam')).toEqual([]);
  });

  it('answers one delivery once, however often it is delivered and to however many bots', async () => {
    bots.push(await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue }));
    const [first, second] = bots;
    const comment = commentPayload(pr, 'dana', '/status');
    const guid = `status-${comment.comment.id}`;
    const answers = await Promise.all([first.deliver('issue_comment', comment, { guid }), second.deliver('issue_comment', comment, { guid })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect((await first.deliver('issue_comment', comment, { guid })).status).toBe(200);
    // A copy's reads of GitHub are begun as it is taken: one that fails in a copy not taken is left, and the bot goes on.
    const asked = () => github.requestsTo(`/repos/${full}/pulls/${pr}`).length;
    const before = asked();
    github.failNext('GET', `/repos/${full}/pulls/${pr}`, [[422, { message: 'Validation Failed' }]]);
    expect((await second.deliver('issue_comment', comment, { guid })).status).toBe(200);
    await until(() => asked() > before, 'the copy to ask for the pull request');
    expect((await second.deliver('issue_comment', commentPayload(pr, 'dana', '/help'))).status).toBe(200);
    expect(second.cli.child.exitCode).toBeNull();
    expect(github.reactions({ commentId: comment.comment.id })).toHaveLength(1);
    // GitHub keeps one reaction of a kind per author anyway: the requests show it was asked for once.
    expect(github.requestsTo(`/repos/${full}/issues/comments/${comment.comment.id}/reactions`)).toHaveLength(1);
    const status = replies(pr).filter((r) => r.startsWith('> /status'));
    expect(status).toHaveLength(1);
    expect(status[0]).toContain('| `app` | awaiting approval');
    expect(status[0]).toContain('1 more approval');
  });

  it("promotes on a security reviewer's /approve", async () => {
    await github.deliverWebhook('issue_comment', commentPayload(pr, 'sam', '/approve app checked the findings'));
    expect(replies(pr).at(-1)).toBe(`> /approve app checked the findings\n\napprove of \`app\` (\`${buildOf(sha)}\`) by @sam: **accepted**; the check run shows what follows.`);
    await until(async () => (await stateOf(buildOf(sha)))?.status === 'succeeded', 'the build to be promoted');
    const done = (await stateOf(buildOf(sha)))!;
    expect(done.approvals.map((a) => [a.login, a.reason])).toEqual([['sam', 'checked the findings']]);
    expect(promotedTags(sha)).toBe(1);
  });
});

describe('comment commands on an issue', () => {
  const issue = 21;
  it('act on the default branch: /build, /cancel, /retry (own builds only for a developer), /help, mistakes answered, /status refused to a stranger', async () => {
    const main = github.repository(full)!.branches.get('main')!.at(-1)!.sha;
    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'carol', '/build'));
    expect(replies(issue).at(-1)).toContain(`Building \`app\` at \`${main.slice(0, 7)}\` (the head of \`main\`), as asked by @carol`);
    await until(async () => (await stateOf(buildOf(main)))?.status === 'awaiting_approval', 'the build of main to wait for approval');

    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'carol', '/cancel no longer needed'));
    expect(replies(issue).at(-1)).toContain(`cancel of \`app\` (\`${buildOf(main)}\`) by @carol: **accepted**`);
    await until(async () => (await stateOf(buildOf(main)))?.status === 'cancelled', 'the build to be cancelled');

    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'dana', '/retry'));
    expect(replies(issue).at(-1)).toMatch(/^> \/retry\n\nNothing was built for @dana:\n- `app`: developer may retry a build only if they authored it .*; allowed for .*tenant-admin/);
    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'carol', '/retry app'));
    expect(replies(issue).at(-1)).toContain(`Building again \`app\` at \`${main.slice(0, 7)}\``);
    await until(async () => (await stateOf(buildOf(main)))?.status === 'awaiting_approval', 'the retried build to wait for approval');
    expect((await stateOf(buildOf(main)))?.author).toBe('carol');
    const admitted = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, buildOf(main)), eq(auditEvents.action, 'build.requested'))).orderBy(auditEvents.seq));
    expect(admitted.at(-1)).toMatchObject({ actor: 'carol', decision: 'allow', data: { trigger: 'retry', action: 'retry-build', author: 'carol' } });

    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'vic', '/help'));
    expect(replies(issue).at(-1)).toContain('| `/retry [image...]` |');
    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'vic', '/ok-to-test'));
    expect(replies(issue).at(-1)).toBe('`/ok-to-test` is for pull requests; this is an issue.');
    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'vic', '/aprove'));
    expect(replies(issue).at(-1)).toMatch(/^`\/aprove` is not a command; did you mean `\/approve`\? The commands: /);
    await github.deliverWebhook('issue_comment', issueCommentPayload(issue, 'stranger', '/status'));
    expect(replies(issue).at(-1)).toContain('@stranger may not see the builds here: you hold no role here, so you may not view builds');
    expect((await receipts('stranger')).map((e) => (e.data as { command: string }).command)).toEqual(['/status']);
    const refused = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.actor, 'stranger'), eq(auditEvents.action, 'builds.viewed'))));
    expect(refused.map((e) => e.decision)).toEqual(['deny']);
  });
});

describe('/report on an issue', () => {
  it("answers with the repository's numbers over the period as the commenter may see them", async () => {
    const stats = `${account.login}/stats`;
    github.addRepository({ fullName: stats, ownerId: accountId });
    const now = Date.now();
    await withTenant(h.database.db, tenantId, async (tx) => {
      const [project] = await tx.insert(projects).values({ tenantId, repository: stats }).returning();
      const rows = [['succeeded', 1, 120], ['succeeded', 2, 60], ['failed', 3, 30], ['succeeded', 12, 10]] as const;
      for (const [status, daysAgo, seconds] of rows) {
        const startedAt = new Date(now - daysAgo * 86_400_000);
        await tx.insert(builds).values({ id: `${stats}/${daysAgo}`, tenantId, projectId: project.id, image: 'app', commitSha: 'e'.repeat(40), ref: 'refs/heads/main', method: 'dockerfile', status, authorLogin: 'dana', trigger: 'push', startedAt, finishedAt: new Date(startedAt.getTime() + seconds * 1000) });
      }
    });
    const payload = { ...issueCommentPayload(31, 'vic', '/report 7d'), repository: { ...repository, id: 32, name: 'stats', full_name: stats, html_url: `https://github.com/${stats}` } };
    await github.deliverWebhook('issue_comment', payload);
    const reply = github.issueComments({ repository: stats, issue: 31 }).map((c) => c.body).at(-1)!;
    expect(reply).toContain(`> /report 7d\n\n**Build report** for \`${stats}\`, the last 7d (`);
    expect(reply).toContain('| builds | 3 | 1 | +2 (+200.0%) |');
    expect(reply).toContain('| success rate | 66.7% | 100.0% | -33.3 pts |');
    expect(reply).toContain('| average duration | 1m 10s | 10s | +1m 00s |');
  });
});

describe('check-run buttons', () => {
  it('promote on Approve clicked by a security reviewer, answered on the pull request', async () => {
    const pr = 8;
    const sha = openPullRequest(pr);
    await github.deliverWebhook('issue_comment', commentPayload(pr, 'dana', '/build app'));
    await until(async () => (await stateOf(buildOf(sha)))?.status === 'awaiting_approval', 'the build to wait for approval');
    const runOf = () => github.checkRuns({ repository: full, name: checkRunName('app'), headSha: sha })[0];
    await until(() => runOf()?.actions.some((a) => a.identifier === 'approve') === true, 'the check run to offer Approve');
    const run = runOf();
    const click = {
      action: 'requested_action',
      check_run: { id: run.id, name: run.name, head_sha: sha, external_id: run.external_id, status: run.status, app: { id: github.app.id }, pull_requests: [{ number: pr, head: { sha }, base: { ref: 'main' } }] },
      requested_action: { identifier: 'approve' },
      repository,
      installation: { id: installation.id },
      sender: { login: 'sue', id: 77, type: 'User' },
    };
    expect((await github.deliverWebhook('check_run', click)).status_code).toBe(200);
    expect(replies(pr).at(-1)).toContain(`approve of \`app\` (\`${buildOf(sha)}\`) by @sue: **accepted**;`);
    await until(async () => (await stateOf(buildOf(sha)))?.status === 'succeeded', 'the build to be promoted');
    expect((await stateOf(buildOf(sha)))!.approvals.map((a) => a.login)).toEqual(['sue']);
    expect(promotedTags(sha)).toBe(1);
    expect((await receipts('sue')).map((e) => [e.buildId, (e.data as { command: string }).command])).toEqual([[buildOf(sha), 'check_run:approve']]);
  });
});

describe('one delivery, several bots', () => {
  it('starts one build for a /build delivered to two bots at once and then again, answered once', async () => {
    while (bots.length < 2) bots.push(await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue }));
    const [first, second] = bots;
    const pr = 9;
    const sha = openPullRequest(pr);
    const comment = commentPayload(pr, 'dana', '/build');
    const guid = `build-${comment.comment.id}`;
    const answers = await Promise.all([first.deliver('issue_comment', comment, { guid }), second.deliver('issue_comment', comment, { guid })]);
    answers.push(await second.deliver('issue_comment', comment, { guid }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await until(async () => (await stateOf(buildOf(sha)))?.status === 'awaiting_approval', 'the build to wait for approval');
    const path = release.split('/').slice(1).join('/');
    expect({
      replies: replies(pr).filter((r) => r.startsWith('> /build')).length,
      reactions: github.requestsTo(`/repos/${full}/issues/comments/${comment.comment.id}/reactions`).length,
      tarballs: github.requestsTo(`/repos/${full}/tarball/${sha}`).length,
      pushed: manifestPuts(`imagefactory-staging/${path}`).get(buildKeyFor('app', { sha, ref: '', dirty: false })) ?? 0,
      published: manifestPuts(path).get(sha) ?? 0,
    }).toEqual({ replies: 1, reactions: 1, tarballs: 1, pushed: 1, published: 1 });
  });
});
