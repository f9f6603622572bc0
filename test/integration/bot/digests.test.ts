import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduleNotFoundError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { PNG } from 'pngjs';
import { stringify } from 'yaml';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { digestDeliveries } from '../../../db/schema/digest-deliveries.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { digestScheduleId } from '../../../lib/digest-schedules.js';
import type { DigestInput, DigestResult } from '../../../workflows/digest-types.js';
import { appEnv, startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { pushEvent, type EventRepository, type PushSpec } from '../../helpers/github-events.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { startSmtpDouble, type ReceivedMail, type SmtpDouble } from '../../helpers/smtp-double.js';
import { until } from '../../helpers/until.js';
import { insertBuilds, type BuildSpec } from '../cli/report-fixture.js';

const accountId = 700000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const org = `digests-${accountId}`;
const installation = { id: accountId + 1, account: { login: org, id: accountId, type: 'Organization' as const } };
const api: EventRepository = { fullName: `${org}/api`, ownerId: accountId, installationId: installation.id };
const tenantRepo: EventRepository = { fullName: `${org}/.imagefactory`, ownerId: accountId, installationId: installation.id };
const TEAM = 'team@digests.test';
const LEAD = 'lead@digests.test';
const FROM = 'factory@imagefactory.test';
/** The schedules fire this often instead of daily or weekly; each digest still covers its day or week. */
const INTERVAL = '4s';

/**
 * api in the last 7 days: 7 builds, 6 finished, 3 succeeded, 2 failed for one reason, 1 rejected in
 * quarantine, 1 running; build times 120, 300, 60, 30, 60, 180 s less the waits (average 125 s, p95
 * 270 s); alice 4 builds (2 of 3 finished succeeded), bob 2 (none), carol 1; two quarantined (one released
 * after 3600 s, one rejected), one approval after 300 s. The 7 days before: 2 builds (one failed). In the
 * last 24 hours: api-1 and api-7, and web-1 of the other project.
 */
const API: BuildSpec[] = [
  { id: 'api-1', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 0.5, seconds: 120 },
  { id: 'api-2', status: 'succeeded', method: 'buildx', by: 'alice', daysAgo: 2.5, seconds: 600, approval: [60, 360] },
  { id: 'api-3', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 2.5, seconds: 60, error: 'RUN make: exit 2\nmake: *** [all] Error 2' },
  { id: 'api-4', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 3.5, seconds: 30, error: 'RUN make: exit 2' },
  { id: 'api-5', status: 'rejected', method: 'dockerfile', by: 'alice', daysAgo: 4.5, seconds: 3660, quarantine: [60, 3660, 'rejected'] },
  { id: 'api-6', status: 'succeeded', method: 'dockerfile', by: 'carol', daysAgo: 5.5, seconds: 3780, quarantine: [60, 3660, 'released'] },
  { id: 'api-7', status: 'building', method: 'buildx', by: 'alice', daysAgo: 0.2 },
  { id: 'api-p1', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 9.5, seconds: 100 },
  { id: 'api-p2', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 10.5, seconds: 50, error: 'scan timed out' },
  { id: 'api-old', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 30, seconds: 10 },
];
const WEB: BuildSpec[] = [{ id: 'web-1', status: 'succeeded', method: 'kaniko', by: 'dave', daysAgo: 0.3, seconds: 90 }];

const manifest = (digest?: 'daily' | 'weekly' | 'none') =>
  stringify({ version: 1, images: { app: { method: 'dockerfile' } }, ...(digest ? { notify: { email: { to: [TEAM], on: ['failed'], digest } } } : {}) });

let github: GitHubDouble;
let smtp: SmtpDouble;
let h: FactoryHarness;
let bot: BotProcess;

const deliver = async (r: EventRepository, spec: PushSpec) => {
  const attempt = await github.deliverWebhook('push', pushEvent(github, r, spec).payload);
  expect(attempt.status_code).toBe(200);
};
const scheduleOf = (repository?: string) =>
  h.client.schedule
    .getHandle(digestScheduleId(h.taskQueue, { tenantId, repository }))
    .describe()
    .catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
const events = (action: string) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))).orderBy(auditEvents.seq));

/** The cells of a table row of the plain-text body: the line under `heading` whose first cell is `key`. */
function row(mail: ReceivedMail, heading: string, key: string): string[] {
  const lines = mail.text.split(/\r?\n/);
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const line = lines.slice(start + 3).find((l) => l.split(/ {2,}/)[0] === key);
  expect(line).toBeDefined();
  return line!.split(/ {2,}/).slice(1);
}

beforeAll(async () => {
  smtp = await startSmtpDouble();
  github = await startGitHubDouble();
  github.addInstallation(installation);
  github.addRepository({ fullName: api.fullName, ownerId: accountId });
  github.addRepository({ fullName: tenantRepo.fullName, ownerId: accountId });
  github.commit(api.fullName, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest(), Dockerfile: 'FROM scratch\n' } });
  h = await startFactory(appEnv(github, { SMTP_URL: smtp.url, MAIL_FROM: `Image Factory <${FROM}>` }));
  await putMappingsInForce(h.database.db, { tenantId, owner: org, tenant: testTenantConfig(h.config.registry) });
  const now = new Date();
  await insertBuilds(h.database.db, tenantId, api.fullName, API, now);
  await insertBuilds(h.database.db, tenantId, `${org}/web`, WEB, now);
  bot = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue, IMAGEFACTORY_DIGEST_INTERVAL: INTERVAL });
});
afterAll(async () => {
  await bot?.stop();
  await h?.stop();
  await github?.close();
  await smtp?.close();
});

describe('digests', () => {
  let first: ReceivedMail;

  it("a push of notify.email.digest to the default branch schedules the project's digest, which mails the week's numbers of the database", async () => {
    await deliver(api, { branch: 'main', pusher: 'carol', files: { '.imagefactory.yml': manifest('weekly') } });
    await until(async () => (await scheduleOf(api.fullName)) !== undefined, "the project's digest schedule");
    const schedule = await scheduleOf(api.fullName);
    expect(schedule?.action).toMatchObject({ workflowType: 'digest', taskQueue: h.taskQueue, args: [{ tenantId, repository: api.fullName, cadence: 'weekly', to: [TEAM] }] });
    expect(schedule?.spec.intervals).toEqual([expect.objectContaining({ every: 4000 })]);
    expect((await events('digest.scheduled')).map((e) => [e.actor, e.project])).toEqual([['carol', api.fullName]]);

    [first] = await smtp.waitFor(TEAM, 1, 'the weekly digest of api');
    expect(first.to).toEqual([TEAM]);
    expect(first.subject).toBe(`[imagefactory] weekly digest of ${api.fullName}: 7 builds, 50.0% succeeded`);
    expect(first.header('X-Imagefactory-Digest')).toBe('weekly');
    expect(first.header('List-Unsubscribe')).toContain(`mailto:${FROM}`);
    const [since, end] = first.header('X-Imagefactory-Period')!.split('/');
    expect(Date.parse(end) - Date.parse(since)).toBe(7 * 86_400_000);
    // The period ends at the schedule's time for the run (a multiple of the interval), not when a worker got to it.
    expect(Date.parse(end) % 4000).toBe(0);

    expect(row(first, 'Summary', 'builds')).toEqual(['7', '2', '+5 (+250.0%)']);
    expect(row(first, 'Summary', 'succeeded')).toEqual(['3', '1', '+2']);
    expect(row(first, 'Summary', 'in progress')).toEqual(['1', '0', '+1']);
    expect(row(first, 'Summary', 'success rate')).toEqual(['50.0%', '50.0%', '±0.0 pts']);
    expect(row(first, 'Summary', 'average duration')).toEqual(['2m 05s', '1m 15s', '+50s']);
    expect(row(first, 'Summary', 'p95 duration')[0]).toBe('4m 30s');
    expect(row(first, 'Most common failure reasons', 'RUN make: exit 2')).toEqual(['build', '2']);
    expect(row(first, 'Builds by method', 'dockerfile').slice(0, 4)).toEqual(['5', '71.4%', '2', '40.0%']);
    expect(row(first, 'Builds by member', 'alice').slice(0, 4)).toEqual(['4', '57.1%', '2', '66.7%']);
    expect(row(first, 'Builds by member', 'bob').slice(0, 4)).toEqual(['2', '28.6%', '0', '0.0%']);
    expect(row(first, 'Quarantines', '2')).toEqual(['1', '1', '0', '1h 00m', '1h 00m']);
    expect(row(first, 'Approvals', '1')).toEqual(['1', '0', '0', '0', '5m 00s', '5m 00s']);
    expect(first.text).not.toContain('web');
  });

  it('shows its charts as inline images that decode as PNGs', async () => {
    // mailparser puts the images into the HTML it returns; read the HTML as sent.
    const html = (await simpleParser(first.raw, { keepCidLinks: true })).html as string;
    const images = first.parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => a.filename)).toEqual(['builds-per-day.png', 'builds-by-member.png', 'builds-by-method.png', 'failure-reasons.png']);
    for (const a of images) {
      expect(a.contentDisposition).toBe('inline');
      expect(html).toContain(`src="cid:${a.cid}"`);
      const png = PNG.sync.read(a.content);
      expect(png.width).toBeGreaterThan(600);
      let coloured = 0;
      for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i] - png.data[i + 1]) > 40 || Math.abs(png.data[i + 1] - png.data[i + 2]) > 40) coloured += 1;
      expect(coloured / (png.width * png.height)).toBeGreaterThan(0.01);
    }
  });

  it('sends each address one email per period, however often the run or its delivery is repeated', async () => {
    const schedule = await scheduleOf(api.fullName);
    // A second off the schedule's times (multiples of 4 s), so no scheduled run shares its period.
    const input = { ...(schedule!.action as { args?: readonly DigestInput[] }).args![0], until: new Date(Math.floor(Date.now() / 60_000) * 60_000 - 1000).toISOString() };
    const run = (n: number) => h.client.workflow.execute('digest', { taskQueue: h.taskQueue, workflowId: `digest-by-hand-${accountId}-${n}`, args: [input] }) as Promise<DigestResult>;
    expect(await run(1)).toMatchObject({ sent: [TEAM], alreadySent: [], failed: [] });
    expect(await run(2)).toMatchObject({ sent: [], alreadySent: [TEAM], failed: [] });
    const mails = smtp.to(TEAM).filter((m) => m.header('X-Imagefactory-Period')?.endsWith(`/${input.until}`));
    expect(mails).toHaveLength(1);
    const [rowOf] = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(digestDeliveries).where(and(eq(digestDeliveries.tenantId, tenantId), eq(digestDeliveries.periodUntil, new Date(input.until)))));
    expect(rowOf).toMatchObject({ status: 'sent', attempts: 1, recipient: TEAM, repository: api.fullName, messageId: mails[0].messageId });
  });

  it("tenant.yml's digest covers every project of the tenant, to tenant.yml's recipients", async () => {
    const tenantYml = (digest: 'daily' | 'none') => stringify({ ...testTenantConfig(h.config.registry), notify: { email: { to: [LEAD], digest } } });
    await deliver(tenantRepo, { branch: 'main', pusher: 'carol', files: { 'tenant.yml': tenantYml('daily') } });
    await until(async () => (await scheduleOf()) !== undefined, "the tenant's digest schedule");
    const [mail] = await smtp.waitFor(LEAD, 1, "the tenant's daily digest");
    expect(mail.subject).toBe(`[imagefactory] daily digest of ${org} (2 projects): 3 builds, 100.0% succeeded`);
    expect(mail.header('X-Imagefactory-Tenant')).toBe(org);
    expect(mail.text).toContain(`Projects: ${api.fullName}, ${org}/web.`);
    expect(row(mail, 'Builds by method', 'kaniko').slice(0, 1)).toEqual(['1']);
    expect(mail.parsed.attachments.map((a) => a.filename)).not.toContain('builds-per-day.png');

    await deliver(tenantRepo, { branch: 'main', pusher: 'carol', files: { 'tenant.yml': tenantYml('none') } });
    await until(async () => (await scheduleOf()) === undefined, "the tenant's digest schedule to be removed");
  });

  it('digest: none removes the schedule, and the change is audited', async () => {
    await deliver(api, { branch: 'main', pusher: 'carol', files: { '.imagefactory.yml': manifest('none') } });
    expect(await scheduleOf(api.fullName)).toBeUndefined();
    expect((await events('digest.removed')).map((e) => [e.actor, e.project])).toEqual([
      ['imagefactory', null],
      ['carol', api.fullName],
    ]);
  });

  it("a repository joining the installation gets the digest its manifest asks for, and loses it when it leaves", async () => {
    github.commit(api.fullName, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest('daily') } });
    const repositories = [{ id: accountId + 2, name: 'api', full_name: api.fullName, private: true }];
    const change = (added: typeof repositories, removed: typeof repositories) =>
      github.deliverWebhook('installation_repositories', { action: added.length ? 'added' : 'removed', installation, repository_selection: 'selected', repositories_added: added, repositories_removed: removed, sender: { login: 'olivia', id: 1, type: 'User' } });
    expect((await change(repositories, [])).status_code).toBe(200);
    await until(async () => (await scheduleOf(api.fullName)) !== undefined, 'the digest of the repository added');
    expect((await scheduleOf(api.fullName))?.action).toMatchObject({ args: [{ repository: api.fullName, cadence: 'daily', to: [TEAM] }] });
    expect((await events('digest.scheduled')).map((e) => e.actor)).toContain('olivia');
    expect((await change([], repositories)).status_code).toBe(200);
    await until(async () => (await scheduleOf(api.fullName)) === undefined, 'the digest of the repository removed');
  });
});
