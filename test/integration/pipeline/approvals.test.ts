import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { approvals } from '../../../db/schema/approvals.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { ApprovalConfig, Manifest } from '../../../manifest/types.js';
import { approveUpdate, rejectUpdate } from '../../../workflows/image-build.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
let github: GitHubDouble;
beforeAll(async () => {
  // The worker asks GitHub which teams people belong to.
  github = await startGitHubDouble();
  github.setTeam('acme', 'release-managers', ['tia']);
  h = await startFactory({ GITHUB_API_URL: github.url, GITHUB_TOKEN: 'worker-token' });
});
afterAll(async () => {
  await h?.stop();
  await github?.close();
});

/** Who decides: a login and a channel, nothing more; the worker resolves roles (tenant.yml of the test tenant) and teams (GitHub). */
const person = (login: string) => ({ login, channel: 'cli' as const });
const author = { login: 'carol', channel: 'cli' as const };

async function awaitingApproval(approval: ApprovalConfig, timeouts?: { approval: string }) {
  const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n` });
  const release = uniqueRepository('gated');
  const manifest: Manifest = { version: 1, images: { svc: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' }, approval: { required: true, ...approval }, promote: { to: `${release}-prod` } } } };
  const input = planImage(h, repo, manifest, 'svc', { requestedBy: author, timeouts });
  const handle = await startImageBuild(h, input);
  await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
  return { handle, input, release, repo };
}

describe('the promotion gate', () => {
  it('refuses the author, then promotes after two other approvals', async () => {
    const { handle, input, release, repo } = await awaitingApproval({ min_approvals: 2, approvers: ['role:security-reviewer', 'role:tenant-admin'] });

    const self = await handle.executeUpdate(approveUpdate, { args: [person('carol')] });
    expect(self).toMatchObject({ ok: false });
    expect(!self.ok && self.reason).toContain('carol started this build and may not approve it');
    const viewer = await handle.executeUpdate(approveUpdate, { args: [person('vic')] });
    expect(!viewer.ok && viewer.reason).toMatch(/viewer may not/);

    expect(await handle.executeUpdate(approveUpdate, { args: [person('sam')] })).toMatchObject({ ok: true });
    const twice = await handle.executeUpdate(approveUpdate, { args: [person('sam')] });
    expect(!twice.ok && twice.reason).toContain('already approved');
    expect(await testRegistryClient().headManifest(`${release}-prod:${repo.sha}`)).toBeUndefined();
    expect(await handle.executeUpdate(approveUpdate, { args: [person('tia')] })).toMatchObject({ ok: true });

    const done = await handle.result();
    expect(done.status).toBe('succeeded');
    expect(done.approvals.map((a) => a.login)).toEqual(['sam', 'tia']);
    expect((await testRegistryClient().headManifest(`${release}-prod:${repo.sha}`))?.digest).toBe(done.digest);
    const rows = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(approvals).where(eq(approvals.buildId, input.buildId)));
    expect(rows.map((r) => r.actorLogin).sort()).toEqual(['sam', 'tia']);
  });

  it('needs one approval from each group, by different people, under separation of duties', async () => {
    const { handle } = await awaitingApproval({ require_each: ['role:security-reviewer', '@acme/release-managers'] });
    expect(await handle.executeUpdate(approveUpdate, { args: [person('sam')] })).toMatchObject({ ok: true });
    expect(await handle.executeUpdate(approveUpdate, { args: [person('sue')] })).toMatchObject({ ok: true });
    const waiting = await waitForState(h, handle.workflowId, (s) => s.approvals.length === 2);
    expect(waiting.status).toBe('awaiting_approval');
    // tia holds no role the first subject names; GitHub says she is in @acme/release-managers.
    expect(await handle.executeUpdate(approveUpdate, { args: [person('tia')] })).toMatchObject({ ok: true });
    expect((await handle.result()).status).toBe('succeeded');
  });

  it('ends as rejected when an approver rejects', async () => {
    const { handle } = await awaitingApproval({ approvers: ['role:security-reviewer'] });
    expect(await handle.executeUpdate(rejectUpdate, { args: [{ ...person('sam'), reason: 'not this week' }] })).toMatchObject({ ok: true });
    const done = await handle.result();
    expect(done.status).toBe('rejected');
    expect(done.promotedTo).toBeUndefined();
  });

  it('expires when nobody decides in time', async () => {
    const { handle } = await awaitingApproval({ approvers: ['role:security-reviewer'] }, { approval: '2s' });
    const done = await handle.result();
    expect(done.status).toBe('expired');
    expect(done.step).toBe('approval expired after 2s');
  });
});
