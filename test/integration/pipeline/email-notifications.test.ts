import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { notifications } from '../../../db/schema/notifications.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest, NotifyEvent } from '../../../manifest/types.js';
import { approveUpdate } from '../../../workflows/image-build.js';
import type { ImageBuildInput } from '../../../workflows/image-build-types.js';
import { notificationWorkflowId, type NotificationResult } from '../../../workflows/notification-types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { putMappingsInForce, TEST_OWNER, TEST_TENANT, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { startSmtpDouble, type SmtpDouble } from '../../helpers/smtp-double.js';
import { createTrivyTestDb } from '../../helpers/trivy-test-db.js';
import { until } from '../../helpers/until.js';

const FROM = 'factory@imagefactory.test';
/** tenant.yml's notification defaults: the security team hears of quarantines and approvals wherever a manifest is silent. */
const SECURITY = 'security@acme.test';
const ADVISORIES = [
  { id: 'CVE-2099-7001', severity: 'CRITICAL' as const },
  { id: 'CVE-2099-7002', severity: 'CRITICAL' as const },
  { id: 'CVE-2099-7003', severity: 'HIGH' as const },
];

let h: FactoryHarness;
let smtp: SmtpDouble;
let dbDir: string;
beforeAll(async () => {
  smtp = await startSmtpDouble();
  dbDir = await createTrivyTestDb(ADVISORIES.map((a) => ({ ...a, pkg: 'musl', fixedVersion: '1.2.4-r3', platform: 'alpine 3.19', title: 'planted for the tests' })));
  h = await startFactory({ SMTP_URL: smtp.url, MAIL_FROM: `Image Factory <${FROM}>`, TRIVY_DB_DIR: dbDir });
  const tenant = { ...testTenantConfig(h.config.registry), notify: { email: { to: [SECURITY], on: ['quarantined', 'approval_requested'] as NotifyEvent[] } } };
  await putMappingsInForce(h.database.db, { tenantId: TEST_TENANT, owner: TEST_OWNER, tenant });
});
afterAll(async () => {
  await h?.stop();
  await smtp?.close();
  if (dbDir) fs.rmSync(dbDir, { recursive: true, force: true });
});

/** The notification workflow of one event of the build's run, once it has delivered (or given up). */
async function delivered(input: ImageBuildInput, runId: string, event: NotifyEvent): Promise<NotificationResult> {
  return h.client.workflow.getHandle(notificationWorkflowId({ buildId: input.buildId, runId, event })).result() as Promise<NotificationResult>;
}

const rowsOf = (input: ImageBuildInput) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(notifications).where(eq(notifications.buildId, input.buildId)));
const keyOf = (input: ImageBuildInput, runId: string, event: string, recipient: string) => `${input.buildId}/${runId}/${event}/email/${recipient}`;
const messageIdOf = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@imagefactory.test>`;
const sha7 = (input: ImageBuildInput) => input.commit.sha.slice(0, 7);

function build(files: Record<string, string>, manifest: (release: string) => Manifest, image: string) {
  const repo = makeRepo(files);
  const release = uniqueRepository(image);
  return planImage(h, repo, manifest(release), image);
}

describe('email notifications, on a real SMTP server', () => {
  it('a failed build mails the manifest\'s recipients its error and last log lines; an address the server refuses for good is recorded failed and audited', async () => {
    const team = 'team@acme.test';
    const bounce = 'gone@acme.test';
    smtp.refuse(bounce);
    const input = build({ Dockerfile: `FROM ${baseImage()}\nRUN echo "compiling the widget" && echo "widget.c:3: syntax error" && exit 3\n` }, (release) => ({
      version: 1,
      images: { api: { method: 'dockerfile', registry: release } },
      notify: { email: { to: [team, bounce], on: ['failed'] } },
    }), 'api');
    const handle = await startImageBuild(h, input);
    await expect(handle.result()).rejects.toThrow();
    const result = await delivered(input, handle.firstExecutionRunId, 'failed');

    expect(result.sent).toEqual([{ channel: 'email', recipient: team }]);
    expect(result.failed).toEqual([expect.objectContaining({ channel: 'email', recipient: bounce, error: expect.stringMatching(/refused the message to gone@acme.test/) })]);
    const [mail] = smtp.to(team);
    expect(smtp.to(team)).toHaveLength(1);
    expect(mail.from).toBe(FROM);
    expect(mail.subject).toMatch(new RegExp(`^\\[imagefactory\\] api@${sha7(input)} failed: `));
    expect(mail.text).toContain('widget.c:3: syntax error');
    expect(mail.text).toContain(`imagefactory logs ${input.buildId}`);
    expect(mail.html).toContain('widget.c:3: syntax error');
    expect(mail.messageId).toBe(messageIdOf(keyOf(input, handle.firstExecutionRunId, 'failed', team)));
    expect(mail.header('List-Unsubscribe')).toMatch(new RegExp(`^<mailto:${FROM}\\?subject=unsubscribe`));
    expect(mail.header('X-Imagefactory-Event')).toBe('failed');

    const rows = await rowsOf(input);
    expect(rows.map((r) => [r.recipient, r.status]).sort()).toEqual([[bounce, 'failed'], [team, 'sent']]);
    const audited = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, input.buildId), eq(auditEvents.action, 'notification.failed'))));
    expect(audited).toEqual([expect.objectContaining({ actor: 'system', reason: expect.stringContaining(bounce), data: expect.objectContaining({ event: 'failed', channel: 'email', recipient: bounce }) })]);
  });

  it('a quarantined image mails tenant.yml\'s recipients (the manifest says nothing) its counts by severity, the blocking ids and how to release it', async () => {
    const input = build({
      Dockerfile: `FROM ${baseImage()}\nCOPY etc /etc\nCOPY lib /lib\n`,
      'etc/alpine-release': '3.19.1\n',
      'lib/apk/db/installed': 'C:Q1AbCdEfGhIjKlMnOpQrStUvWxYz0=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\nm:Test <test@example.invalid>\nt:1700000000\nc:0000000000000000000000000000000000000000\n\n',
    }, (release) => ({ version: 1, images: { app: { method: 'dockerfile', registry: release } } }), 'app');
    const handle = await startImageBuild(h, input);
    await waitForState(h, input.buildId, (s) => s.status === 'quarantined');
    await delivered(input, handle.firstExecutionRunId, 'quarantined');
    await handle.terminate('test done');

    const mails = smtp.to(SECURITY).filter((m) => m.header('X-Imagefactory-Build') === input.buildId);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe(`[imagefactory] app@${sha7(input)} quarantined: 2 CRITICAL`);
    expect(mail.text).toMatch(/^CRITICAL +2 +2$/m);
    expect(mail.text).toMatch(/^HIGH +1 +0$/m);
    expect(mail.text).toContain('CVE-2099-7001 (CRITICAL) in musl');
    expect(mail.text).toContain('CVE-2099-7002 (CRITICAL) in musl');
    expect(mail.text).not.toContain('CVE-2099-7003 (HIGH)');
    expect(mail.text).toContain(`imagefactory release ${input.buildId} --reason`);
    expect(mail.html).toContain('CVE-2099-7002 (CRITICAL) in musl');
  });

  it('with SMTP down the build is not held: it ends while no mail can go, and each mail (approval requested, promoted) arrives once SMTP is back', async () => {
    const release = 'release@acme.test';
    const input = build({ Dockerfile: `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n` }, (repo) => ({
      version: 1,
      images: { svc: { method: 'dockerfile', registry: repo, approval: { required: true, approvers: ['role:security-reviewer'] }, promote: { to: `${repo}-prod` } } },
      notify: { email: { to: [release], on: ['approval_requested', 'promoted'] } },
    }), 'svc');
    await smtp.stop();
    const handle = await startImageBuild(h, input);
    const runId = handle.firstExecutionRunId;
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    // The approval request's mail is being tried, and failing, while the build goes on.
    await until(async () => (await rowsOf(input)).some((r) => r.event === 'approval_requested' && r.status === 'pending' && r.attempts >= 2), 'the approval request tried twice');
    expect(await handle.executeUpdate(approveUpdate, { args: [{ login: 'sam', channel: 'cli', reason: 'checked' }] })).toMatchObject({ ok: true });
    const done = await handle.result();
    expect(done.status).toBe('succeeded');

    // Ended, with the server still away: nothing of this build arrived.
    expect(smtp.to(release)).toHaveLength(0);
    await smtp.start();

    await delivered(input, runId, 'approval_requested');
    await delivered(input, runId, 'promoted');
    const mails = smtp.to(release);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `[imagefactory] svc@${sha7(input)} approval requested: 1 approval needed`,
      `[imagefactory] svc@${sha7(input)} promoted to ${input.registry}-prod`,
    ]);
    const [asked, promoted] = [mails.find((m) => m.subject.includes('approval requested'))!, mails.find((m) => m.subject.includes('promoted'))!];
    expect(asked.text).toContain(`imagefactory approve ${input.buildId} --reason`);
    expect(asked.text).toContain('role:security-reviewer');
    expect(promoted.text).toContain(done.digest!);
    expect(promoted.text).toMatch(/sam \(security-reviewer\)/);
    // The manifest names its own recipients: tenant.yml's are not used for this project.
    expect(smtp.to(SECURITY).filter((m) => m.header('X-Imagefactory-Build') === input.buildId)).toHaveLength(0);
    expect((await rowsOf(input)).map((r) => [r.event, r.status]).sort()).toEqual([['approval_requested', 'sent'], ['promoted', 'sent']]);
  });
});
