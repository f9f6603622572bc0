import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq, inArray } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { ApprovalConfig, Manifest } from '../../../manifest/types.js';
import { approveUpdate, rejectUpdate, releaseUpdate } from '../../../workflows/image-build.js';
import type { DecisionRequest } from '../../../workflows/image-build-types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

/** Who decides: a login and a channel. Roles come from the test tenant's tenant.yml in force. */
const person = (login: string, reason?: string): DecisionRequest => ({ login, channel: 'cli', reason });
const carol = { login: 'carol', channel: 'cli' as const };

const SECRET = `RUN mkdir -p /app && printf 'aws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /app/credentials`;

async function build(approval: ApprovalConfig | undefined, opts: { secret?: boolean } = {}) {
  const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n${opts.secret ? `${SECRET}\n` : ''}` });
  const release = uniqueRepository('decide');
  const manifest: Manifest = { version: 1, images: { svc: { method: 'dockerfile', registry: release, ...(approval ? { approval } : {}), promote: { to: `${release}-prod` } } } };
  const input = planImage(h, repo, manifest, 'svc', { requestedBy: carol });
  const handle = await startImageBuild(h, input);
  return { handle, input, release, repo };
}

const decisions = (buildId: string) =>
  withCrossTenantRead(h.database.db, (tx) =>
    tx.select({ action: auditEvents.action, actor: auditEvents.actor, decision: auditEvents.decision, reason: auditEvents.reason, data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.buildId, buildId), inArray(auditEvents.action, ['decision.approve', 'decision.reject', 'decision.release']))).orderBy(auditEvents.seq),
  );

describe('releasing from quarantine and approving are separate decisions', () => {
  it('refuses the author releasing their own build, and a released image can still be rejected at the gate', async () => {
    const { handle, input, release } = await build({ required: true, approvers: ['role:security-reviewer'] }, { secret: true });
    await waitForState(h, input.buildId, (s) => s.status === 'quarantined');

    const self = await handle.executeUpdate(releaseUpdate, { args: [person('carol')] });
    expect(self).toEqual({ ok: false, status: 'quarantined', reason: 'carol started this build and may not release it from quarantine (no self-approval)', source: "the image's approval rules (.imagefactory.yml approval)" });
    expect(await handle.executeUpdate(releaseUpdate, { args: [person('sam', 'the key is a test fixture')] })).toMatchObject({ ok: true });

    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    expect(await handle.executeUpdate(rejectUpdate, { args: [person('sue', 'not before the audit')] })).toMatchObject({ ok: true, status: 'awaiting_approval' });
    const done = await handle.result();
    expect(done).toMatchObject({ status: 'rejected', quarantineDecision: { verdict: 'released', by: 'sam' }, rejectedBy: { login: 'sue' } });
    expect(await testRegistryClient().headManifest(`${release}-prod:${input.commit.sha}`)).toBeUndefined();
    expect((await decisions(input.buildId)).map((d) => [d.action, d.actor, d.decision])).toEqual([
      ['decision.release', 'carol', 'deny'],
      ['decision.release', 'sam', 'allow'],
      ['decision.reject', 'sue', 'allow'],
    ]);
  });
});

describe('the promotion gate', () => {
  it('refuses a rejection from someone outside the approvers', async () => {
    const { handle, input } = await build({ required: true, approvers: ['sam'] });
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    const outsider = await handle.executeUpdate(rejectUpdate, { args: [person('sue')] });
    expect(outsider).toMatchObject({ ok: false, reason: 'sue is not among the approvers (sam)' });
    expect(await handle.executeUpdate(rejectUpdate, { args: [person('sam')] })).toMatchObject({ ok: true });
    expect((await handle.result()).status).toBe('rejected');
  });

  it('takes exactly one of an approve and a reject sent at once, and audits the other as refused', async () => {
    const { handle, input } = await build({ required: true, approvers: ['role:security-reviewer'] });
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    const [approved, rejected] = await Promise.all([
      handle.executeUpdate(approveUpdate, { args: [person('sam')] }),
      handle.executeUpdate(rejectUpdate, { args: [person('sue')] }),
    ]);
    expect([approved.ok, rejected.ok].filter(Boolean)).toHaveLength(1);
    const done = await handle.result();
    expect(done.status).toBe(approved.ok ? 'succeeded' : 'rejected');
    const loser = approved.ok ? rejected : approved;
    // The loser comes second: the gate already settled (or, a moment later, the build already moved on).
    expect(!loser.ok && loser.reason).toMatch(approved.ok ? /already has the approvals it needs \(sam\)|reject is not possible while the build is (promoting|succeeded)/ : /already rejected by sue|approve is not possible while the build is rejected/);
    const audited = await decisions(input.buildId);
    expect(audited.map((d) => [d.actor, d.decision]).sort()).toEqual([
      ['sam', approved.ok ? 'allow' : 'deny'],
      ['sue', rejected.ok ? 'allow' : 'deny'],
    ]);
  });
});

describe('who decides is resolved by the worker', () => {
  it('ignores roles a caller claims, and audits what the mappings in force gave', async () => {
    const { handle, input } = await build({ required: true, approvers: ['role:security-reviewer'] });
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    const claimed = { login: 'mallory', channel: 'cli', roles: ['security-reviewer'], teams: ['@acme/security'], tenantId: 'tenant-test', assigned: true } as DecisionRequest;
    const refused = await handle.executeUpdate(approveUpdate, { args: [claimed] });
    expect(!refused.ok && refused.reason).toMatch(/^you hold no role here, so you may not approve a build/);
    expect(await handle.executeUpdate(approveUpdate, { args: [person('sam')] })).toMatchObject({ ok: true });
    expect((await handle.result()).approvals.map((a) => [a.login, a.roles])).toEqual([['sam', ['security-reviewer']]]);
    const [mallory, sam] = await decisions(input.buildId);
    expect(mallory).toMatchObject({ actor: 'mallory', decision: 'deny', data: { channel: 'cli', roles: [], teams: [], grants: [] } });
    expect(sam).toMatchObject({ actor: 'sam', decision: 'allow', data: { channel: 'cli', roles: ['security-reviewer'], grants: ['tenant.yml roles.security-reviewer ← sam'] } });
  });

  it('turns away a request that names no login before it reaches the build', async () => {
    const { handle, input } = await build({ required: true });
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    const err = await handle.executeUpdate(approveUpdate, { args: [{ login: '', channel: 'cli' }] }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((err as WorkflowUpdateFailedError).cause?.message)).toContain('login "" is not a GitHub login');
    const bad = await handle.executeUpdate(approveUpdate, { args: [{ login: 'sam', channel: 'fax' } as unknown as DecisionRequest] }).then(() => undefined, (e: unknown) => e);
    expect(String((bad as WorkflowUpdateFailedError).cause?.message)).toContain('channel "fax" is not one of cli, github, slack');
    expect(await decisions(input.buildId)).toEqual([]);
    await handle.terminate('test done');
  });
});
