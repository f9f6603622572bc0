import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduleNotFoundError } from '@temporalio/client';
import { and, asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { imageRescans } from '../../../db/schema/image-rescans.js';
import { notifications } from '../../../db/schema/notifications.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { rescanScheduleId, syncTenantSchedules } from '../../../lib/tenant-schedules.js';
import type { Manifest } from '../../../manifest/types.js';
import type { RescanPromotedResult } from '../../../workflows/rescan-promoted.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { putMappingsInForce, TEST_OWNER, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { startSmtpDouble, type SmtpDouble } from '../../helpers/smtp-double.js';
import { createTrivyTestDb } from '../../helpers/trivy-test-db.js';
import { until } from '../../helpers/until.js';

/** A tenant of its own: the re-scan goes over every digest the tenant delivered, and only this test's are in it. */
const TENANT = 'tenant-rescan';
const CVE = 'CVE-2099-5151';
const TEAM = 'team@acme.test';
const advisory = (id: string, pkg: string) => ({ id, pkg, fixedVersion: '1.2.4-r3', severity: 'CRITICAL' as const, platform: 'alpine 3.19', title: 'planted for the tests' });

let h: FactoryHarness;
let smtp: SmtpDouble;
let dbDir: string;
beforeAll(async () => {
  smtp = await startSmtpDouble();
  // The database of the build's day knows nothing about musl: the image passes and is promoted.
  dbDir = await createTrivyTestDb([advisory('CVE-2099-0001', 'zlib')]);
  h = await startFactory({ SMTP_URL: smtp.url, MAIL_FROM: 'Image Factory <factory@imagefactory.test>', TRIVY_DB_DIR: dbDir });
  await putMappingsInForce(h.database.db, { tenantId: TENANT, owner: TEST_OWNER, tenant: testTenantConfig(h.config.registry) });
});
afterAll(async () => {
  await h?.client.schedule.getHandle(rescanScheduleId(h.taskQueue, TENANT)).delete().catch(() => {});
  await h?.stop();
  await smtp?.close();
  if (dbDir) fs.rmSync(dbDir, { recursive: true, force: true });
});

/** The vulnerability database of a later day, in place of the one the worker has (each scan reads it anew). */
async function advisoriesPublished(): Promise<void> {
  const later = await createTrivyTestDb([advisory(CVE, 'musl')]);
  fs.rmSync(path.join(dbDir, 'db'), { recursive: true, force: true });
  fs.renameSync(path.join(later, 'db'), path.join(dbDir, 'db'));
  fs.rmSync(later, { recursive: true, force: true });
}

/** Triggers the tenant's schedule and waits for the run it starts to finish. */
async function triggerRescan(): Promise<RescanPromotedResult> {
  const schedule = h.client.schedule.getHandle(rescanScheduleId(h.taskQueue, TENANT));
  const before = (await schedule.describe()).info.recentActions.length;
  await schedule.trigger();
  let workflowId = '';
  await until(async () => {
    const actions = (await schedule.describe()).info.recentActions;
    workflowId = actions.length > before ? actions[actions.length - 1].action.workflow.workflowId : '';
    return workflowId !== '';
  }, 'the schedule to start a re-scan');
  return h.client.workflow.getHandle(workflowId).result() as Promise<RescanPromotedResult>;
}

describe('re-scans of promoted images, on a Temporal Schedule', () => {
  it('finds a new advisory in a promoted digest, audits it and mails the project once; a second run with nothing new tells nobody', async () => {
    const release = uniqueRepository('rescan');
    const manifest: Manifest = {
      version: 1,
      images: { app: { method: 'dockerfile', registry: release, promote: { to: `${release}-prod` } } },
      // Subscribed to failures only: a vulnerability found goes to every recipient all the same.
      notify: { email: { to: [TEAM], on: ['failed'] } },
    };
    const repo = makeRepo({
      'Dockerfile': `FROM ${baseImage()}\nCOPY etc /etc\nCOPY lib /lib\n`,
      'etc/alpine-release': '3.19.1\n',
      'lib/apk/db/installed': 'C:Q1AbCdEfGhIjKlMnOpQrStUvWxYz0=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\nm:Test <test@example.invalid>\nt:1700000000\nc:0000000000000000000000000000000000000000\n\n',
    });
    const input = planImage(h, repo, manifest, 'app', { tenantId: TENANT });
    const state = await (await startImageBuild(h, input)).result();
    expect(state).toMatchObject({ status: 'succeeded', promotedTo: `${release}-prod@${state.digest}`, verdict: { blocking: [] } });

    const synced = await syncTenantSchedules({ client: h.client, db: h.database.db, governance: h.deps.governance, taskQueue: h.taskQueue, rescanIntervalMs: 86_400_000 }, [TENANT]);
    expect(synced).toEqual([expect.objectContaining({ tenantId: TENANT, outcome: 'created', everyMs: 86_400_000 })]);
    await advisoriesPublished();

    const first = await triggerRescan();
    expect(first).toEqual({ scanned: 1, found: [{ buildId: input.buildId, digest: state.digest, ids: [CVE] }], failed: [] });
    const found = await withCrossTenantRead(h.database.db, (tx) =>
      tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, TENANT), eq(auditEvents.action, 'image.vulnerability_found'))),
    );
    expect(found).toEqual([expect.objectContaining({ project: input.repository, buildId: input.buildId, data: expect.objectContaining({ digest: state.digest, new: [CVE], target: state.promotedTo }) })]);
    const [mail] = await smtp.waitFor(TEAM, 1, 'the vulnerability_found mail');
    expect(mail.subject).toContain(`app@${input.commit.sha.slice(0, 7)} in ${release}-prod is vulnerable: 1 CRITICAL (${CVE})`);
    expect(mail.text).toContain(`${CVE} (CRITICAL) in musl 1.2.4-r2, fixed in 1.2.4-r3`);
    expect(mail.header('X-Imagefactory-Event')).toBe('vulnerability_found');

    const second = await triggerRescan();
    expect(second).toEqual({ scanned: 1, found: [], failed: [] });
    const scans = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(imageRescans).where(eq(imageRescans.tenantId, TENANT)).orderBy(asc(imageRescans.scannedAt)));
    expect(scans.map((s) => ({ blocking: s.blocking, newBlocking: s.newBlocking, digest: s.digest }))).toEqual([
      { blocking: [CVE], newBlocking: [CVE], digest: state.digest },
      { blocking: [CVE], newBlocking: [], digest: state.digest },
    ]);
    const sent = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(notifications).where(and(eq(notifications.tenantId, TENANT), eq(notifications.event, 'vulnerability_found'))));
    expect(sent.map((n) => [n.recipient, n.status])).toEqual([[TEAM, 'sent']]);
    expect(smtp.to(TEAM)).toHaveLength(1);
  });

  it("is created, changed and removed as the tenant's tenant.yml changes", async () => {
    const tenantId = 'tenant-rescan-schedule';
    const DAY = 86_400_000;
    const configured = (rescan?: { every: string }) =>
      putMappingsInForce(h.database.db, { tenantId, owner: TEST_OWNER, tenant: { ...testTenantConfig(h.config.registry), ...(rescan ? { rescan } : {}) } });
    const sync = async () => (await syncTenantSchedules({ client: h.client, db: h.database.db, governance: h.deps.governance, taskQueue: h.taskQueue, rescanIntervalMs: DAY }, [tenantId]))[0];
    const schedule = h.client.schedule.getHandle(rescanScheduleId(h.taskQueue, tenantId));

    await configured();
    expect(await sync()).toMatchObject({ outcome: 'created', everyMs: DAY });
    expect(await sync()).toMatchObject({ outcome: 'unchanged', everyMs: DAY });
    await configured({ every: '12h' });
    expect(await sync()).toMatchObject({ outcome: 'updated', everyMs: DAY / 2 });
    expect((await schedule.describe()).spec.intervals).toEqual([expect.objectContaining({ every: DAY / 2 })]);
    await configured({ every: 'never' });
    expect(await sync()).toMatchObject({ outcome: 'removed' });
    await expect(schedule.describe()).rejects.toThrow(ScheduleNotFoundError);
  });
});
