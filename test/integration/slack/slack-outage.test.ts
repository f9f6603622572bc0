import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { notifications } from '../../../db/schema/notifications.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { approveUpdate } from '../../../workflows/image-build-handlers.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { startSlackDouble, type SlackDouble } from '../../helpers/slack-double.js';
import { until } from '../../helpers/until.js';

let slack: SlackDouble;
let h: FactoryHarness;

beforeAll(async () => {
  slack = await startSlackDouble();
  h = await startFactory({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl });
});
afterAll(async () => {
  await h?.stop();
  await slack?.close();
});

const rowsOf = (buildId: string) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(notifications).where(eq(notifications.buildId, buildId)));

describe('Slack away during a build', () => {
  it('holds nothing up; once back, the prompt is posted and settled in place (no buttons left) and the promotion posted, each once', async () => {
    await slack.stop();
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n` });
    const release = uniqueRepository('slack-outage');
    const manifest: Manifest = {
      version: 1,
      images: { svc: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' }, approval: { required: true, approvers: ['role:security-reviewer'] }, promote: { to: `${release}-prod` } } },
      notify: { slack: { channel: '#builds', on: ['approval_requested', 'promoted'] } },
    };
    const input = planImage(h, repo, manifest, 'svc');
    const handle = await startImageBuild(h, input);
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    // Decided elsewhere (the CLI) while the prompt has not reached Slack yet.
    expect(await handle.executeUpdate(approveUpdate, { args: [{ login: 'sam', channel: 'cli' }] })).toMatchObject({ ok: true });
    expect((await handle.result()).status).toBe('succeeded');
    await until(async () => (await rowsOf(input.buildId)).length === 3 && (await rowsOf(input.buildId)).every((r) => r.lastError !== null), 'each delivery to have tried Slack');
    expect(slack.calls).toEqual([]);

    await slack.start();
    await until(async () => (await rowsOf(input.buildId)).every((r) => r.status === 'sent'), 'every Slack delivery to be sent');
    const [prompt, promoted] = slack.messages('#builds');
    expect(slack.messages('#builds')).toHaveLength(2);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.answer.ok)).toHaveLength(2);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
    expect(prompt.text).toMatch(/waits for approval — approved by sam$/);
    expect(prompt.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect(promoted.text).toMatch(/: promoted to .*-prod$/);
    const rows = await rowsOf(input.buildId);
    expect(rows.map((r) => r.event).sort()).toEqual(['approval_requested', 'approved', 'promoted']);
    expect(rows.every((r) => r.attempts > 1)).toBe(true);
  });
});
