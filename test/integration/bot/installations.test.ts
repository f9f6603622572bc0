import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { projects } from '../../../db/schema/projects.js';
import { tenants } from '../../../db/schema/tenants.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { freePort } from '../../../lib/temporal-dev-server.js';
import type { BuildState } from '../../../workflows/image-build-types.js';
import { startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

let github: GitHubDouble;
let h: FactoryHarness;
const bots: BotProcess[] = [];
beforeAll(async () => {
  github = await startGitHubDouble();
  h = await startFactory();
});
afterAll(async () => {
  await Promise.all(bots.map((b) => b.stop()));
  await h?.stop();
  await github?.close();
});

const accountId = 700000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const account = { login: `acme-${accountId}`, id: accountId, type: 'Organization' };
const installation = { id: accountId + 1, account };
const sender = { login: 'olivia', id: 1, type: 'User' };
const repo = (name: string, id: number) => ({ id, name, full_name: `${account.login}/${name}`, private: true });

const tenantRow = async () => (await withCrossTenantRead(h.database.db, (tx) => tx.select().from(tenants).where(eq(tenants.id, tenantId))))[0];
const projectRows = async () => withCrossTenantRead(h.database.db, (tx) => tx.select().from(projects).where(eq(projects.tenantId, tenantId)).orderBy(projects.repository));
const events = async (action: string) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))));

/** A build of one of the tenant's repositories, started on the worker directly: what admission says of it. */
async function buildOf(repository: string): Promise<BuildState> {
  const fixture = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n# ${Math.random()}\n` });
  const input = planImage(h, fixture, { version: 1, images: { app: { method: 'dockerfile', registry: uniqueRepository('installed') } } }, 'app', { tenantId, repository });
  const result = await (await startImageBuild(h, input)).result().then((s) => s, (e: unknown) => e);
  if (result instanceof WorkflowFailedError) return (result.cause as ApplicationFailure).details?.[0] as BuildState;
  return result as BuildState;
}

describe('installations of the App', () => {
  it('create the tenant and its projects, suspend and unsuspend builds, archive a removed repository, and keep the data when uninstalled', async () => {
    const bot = await startBotProcess(github);
    bots.push(bot);
    const installed = await github.deliverWebhook('installation', { action: 'created', installation, repositories: [repo('api', 11), repo('web', 12)], sender });
    expect(installed.status_code).toBe(200);
    expect(await tenantRow()).toMatchObject({ name: account.login, installationId: installation.id, accountType: 'Organization', status: 'active' });
    expect((await projectRows()).map((p) => [p.repository, p.githubId, p.archivedAt])).toEqual([[`${account.login}/api`, 11, null], [`${account.login}/web`, 12, null]]);
    await putMappingsInForce(h.database.db, { tenantId, owner: account.login, tenant: testTenantConfig(h.config.registry) });

    await github.deliverWebhook('installation', { action: 'suspend', installation, sender });
    expect(await tenantRow()).toMatchObject({ status: 'suspended', statusChangedBy: 'olivia' });
    const suspended = await buildOf(`${account.login}/api`);
    expect(suspended.error).toBe(`refused: the Image Factory App is suspended on ${account.login}: builds are refused until an owner unsuspends it (its data is kept) (the GitHub App installation)`);

    await github.deliverWebhook('installation', { action: 'unsuspend', installation, sender });
    expect((await tenantRow()).status).toBe('active');
    expect((await buildOf(`${account.login}/api`)).status).toBe('succeeded');

    await github.deliverWebhook('installation_repositories', { action: 'removed', installation, repository_selection: 'selected', repositories_added: [], repositories_removed: [repo('web', 12)], sender });
    const web = (await projectRows()).find((p) => p.repository.endsWith('/web'));
    expect(web?.archivedAt).not.toBeNull();
    expect((await buildOf(`${account.login}/web`)).error).toContain(`${account.login}/web is no longer one of the App's repositories on ${account.login}`);

    await github.deliverWebhook('installation', { action: 'deleted', installation, sender });
    expect(await tenantRow()).toMatchObject({ status: 'uninstalled' });
    expect(await projectRows()).toHaveLength(2);
    expect((await events('tenant.suspended')).map((e) => e.actor)).toEqual(['olivia']);
    expect(await events('tenant.uninstalled')).toHaveLength(1);
    expect(await events('projects.archived')).toHaveLength(1);
  });

  it('asks GitHub again, on start, for a delivery that failed while no bot was there', async () => {
    const port = await freePort();
    const other = { ...installation, id: installation.id + 100, account: { ...account, id: accountId + 100, login: `${account.login}-b` } };
    github.setWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, 'test-webhook-secret');
    const failed = await github.deliverWebhook('installation', { action: 'created', installation: other, repositories: [], sender });
    expect(failed.status_code).toBe(0);
    const bot = await startBotProcess(github, {}, port);
    bots.push(bot);
    await until(async () => (await withCrossTenantRead(h.database.db, (tx) => tx.select().from(tenants).where(eq(tenants.id, `github:${other.account.id}`)))).length === 1, 'the redelivered installation to be handled');
    // The double logs an attempt once the bot's answer is in, which may be just after the row appears.
    const attempts = () => github.hookAttempts().filter((a) => a.guid === failed.guid);
    await until(() => attempts().length === 2, 'the redelivery attempt to be logged');
    expect(attempts().map((a) => [a.redelivery, a.status_code])).toEqual([[false, 0], [true, 200]]);
  });
});
