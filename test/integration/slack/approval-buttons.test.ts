import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { notifications } from '../../../db/schema/notifications.js';
import { upsertInstalledTenant } from '../../../db/tenant-lifecycle.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { SLACK_ACTION_IDS } from '../../../templates/slack/button-value.js';
import { statusQuery } from '../../../workflows/image-build-handlers.js';
import type { BuildState } from '../../../workflows/image-build-types.js';
import { startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { startSlackDouble, type SlackDouble, type SlackMessage } from '../../helpers/slack-double.js';
import { buttonClickPayload, postInteraction } from '../../helpers/slack-interactions.js';
import { until } from '../../helpers/until.js';

const SECRET = 'slack-signing-secret-of-the-test';
const accountId = 700000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const people = {
  sam: { id: 'U0SAMREVIEW', name: 'sam' }, // listed in tenant.yml's slack:
  vic: { id: 'U0VICVIEWER', name: 'vic', email: 'Vic@Acme.test' }, // matched by email: a viewer
  stranger: { id: 'U0STRANGER', name: 'stranger', email: 'stranger@elsewhere.test' }, // nobody's email
};

let slack: SlackDouble;
let github: GitHubDouble;
let h: FactoryHarness;
let bot: BotProcess;
let buildId: string;
let prompt: SlackMessage;

const slackUrl = () => `http://127.0.0.1:${bot.port}/slack/events`;
const stateOf = (): Promise<BuildState> => h.client.workflow.getHandle(buildId).query(statusQuery);
const click = (who: { id: string; name: string }, opts: { secret?: string; timestamp?: number } = {}) =>
  postInteraction(slackUrl(), buttonClickPayload({ user: who, teamId: slack.teamId, message: prompt, actionId: SLACK_ACTION_IDS.approve, responseUrl: slack.responseUrl() }), { secret: opts.secret ?? SECRET, timestamp: opts.timestamp });
const audit = (filter: { actor?: string; action?: string }) =>
  withCrossTenantRead(h.database.db, (tx) =>
    tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenantId), ...(filter.actor ? [eq(auditEvents.actor, filter.actor)] : []), ...(filter.action ? [eq(auditEvents.action, filter.action)] : [])))
      .orderBy(auditEvents.seq),
  );
const ephemeralsTo = (user: string) => slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === user);

/** A click that must change nothing: its author alone is told it is refused and who may; the receipt and the refusal are audited. */
async function refusedClick(who: { id: string; name: string }, actor: string) {
  expect((await click(who)).status).toBe(200);
  await until(() => ephemeralsTo(who.id).length === 1, `the ephemeral answer to ${who.name}`);
  const text = String(ephemeralsTo(who.id)[0].args.text);
  expect(text).toContain('*refused*, nothing changed');
  expect(text).toMatch(/allowed for [a-z-, ]*security-reviewer/i);
  const events = await audit({ actor });
  expect(events.map((e) => [e.action, e.decision])).toEqual([['command.received', null], ['decision.approve', 'deny']]);
  expect(slack.callsTo('chat.update')).toEqual([]);
  expect((await stateOf()).approvals).toEqual([]);
  return { text, events };
}

beforeAll(async () => {
  slack = await startSlackDouble();
  for (const p of Object.values(people)) slack.addUser(p);
  github = await startGitHubDouble();
  github.addInstallation({ id: accountId + 1, account: { login: 'acme', id: accountId, type: 'Organization' } });
  github.setUserEmail('vic', 'vic@acme.test');
  github.setUserEmail('sam', null);
  // The worker posts and updates the messages; the bot answers the clicks.
  h = await startFactory({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl });
  await putMappingsInForce(h.database.db, { tenantId, owner: 'acme', tenant: { ...testTenantConfig(h.config.registry), slack: { [people.sam.id]: 'sam' } } });
  await upsertInstalledTenant(h.database.db, { tenantId, login: 'acme', type: 'Organization', installationId: accountId + 1 });
  bot = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl });

  const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n` });
  const release = uniqueRepository('slack');
  const manifest: Manifest = {
    version: 1,
    images: { svc: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' }, approval: { required: true, approvers: ['role:security-reviewer'] }, promote: { to: `${release}-prod` } } },
    notify: { slack: { channel: '#builds', on: ['approval_requested', 'promoted'] } },
  };
  const input = planImage(h, repo, manifest, 'svc', { tenantId, requestedBy: { login: 'alice', channel: 'cli' } });
  buildId = input.buildId;
  await startImageBuild(h, input);
  await waitForState(h, buildId, (s) => s.status === 'awaiting_approval');
  await until(() => slack.messages('#builds').length === 1, 'the approval prompt in #builds');
  prompt = slack.messages('#builds')[0];
});
afterAll(async () => {
  await bot?.stop();
  await h?.stop();
  await github?.close();
  await slack?.close();
});

describe('Slack approval buttons', () => {
  it('come with the prompt the build posts to the manifest\'s channel when it waits for approval', () => {
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(prompt.text).toBe(`svc@${buildId.split('@')[1].slice(0, 7)} of ${buildId.split('/').slice(1, 3).join('/')} waits for approval`);
    const buttons = prompt.blocks.flatMap((b) => ((b as { type: string }).type === 'actions' ? (b as { elements: { action_id: string }[] }).elements : []));
    expect(buttons.map((b) => b.action_id)).toEqual([SLACK_ACTION_IDS.approve, SLACK_ACTION_IDS.reject]);
    expect(JSON.stringify(prompt.blocks)).toContain('*Requested by*\\nalice');
  });

  it('refuse a forged signature and a six-minute-old replay before anything runs', async () => {
    const calls = slack.calls.length;
    expect((await click(people.sam, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await click(people.sam, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(slack.calls.length).toBe(calls);
    expect(await audit({ action: 'command.received' })).toEqual([]);
    expect((await stateOf()).approvals).toEqual([]);
  });

  it('refuse a Slack user mapped to no login: told alone which roles may, nothing changes, audited', async () => {
    const { text } = await refusedClick(people.stranger, `slack:${people.stranger.id}`);
    expect(text).toContain('not mapped to a GitHub login');
  });

  it("refuse a viewer matched by their profile's email, naming the roles that may", async () => {
    const { text, events } = await refusedClick(people.vic, 'vic');
    expect(text).toContain('*vic*');
    expect(text).toContain('viewer may not approve a build');
    expect(github.requestsTo('/users/vic')).toHaveLength(1);
    expect(events[0].data).toMatchObject({ channel: 'slack', via: `slack:${people.vic.id}`, slack: { user: people.vic.id, matchedBy: 'email' } });
  });

  it("take a security reviewer's Approve to the build and update the prompt in place", async () => {
    expect((await click(people.sam)).status).toBe(200);
    // The bot updates the prompt as it takes the click; the approved event's notification does it again (the same message).
    await until(() => slack.callsTo('chat.update').length >= 1, 'the prompt to be updated');
    const state = await stateOf();
    expect(state.approvals.map((a) => a.login)).toEqual(['sam']);
    const updated = slack.message(prompt.channel, prompt.ts)!;
    expect(updated.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect(JSON.stringify(updated.blocks)).toMatch(/Approved by sam\* <!date\^\d+\^/);
    expect(updated.text).toContain('approved by sam');
    const decided = await audit({ actor: 'sam', action: 'decision.approve' });
    expect(decided.map((e) => e.decision)).toEqual(['allow']);
    expect(decided[0].data).toMatchObject({ channel: 'slack', via: `slack:${people.sam.id}` });
    expect((await audit({ actor: 'sam', action: 'command.received' }))[0].data).toMatchObject({ command: 'slack:approve', slack: { user: people.sam.id, matchedBy: 'tenant.yml' } });
    expect(ephemeralsTo(people.sam.id)).toEqual([]);
  });

  it('then tell the channel once of each event: the prompt settled in place by the approved event, the promotion posted', async () => {
    await waitForState(h, buildId, (s) => s.status === 'succeeded');
    await until(() => slack.callsTo('chat.postMessage').length === 2 && slack.callsTo('chat.update').length === 2, 'the approved update and the promoted message');
    const [, promoted] = slack.messages('#builds');
    expect(promoted.text).toMatch(/^svc@[0-9a-f]{7} of .*: promoted to .*-prod$/);
    const settled = slack.message(prompt.channel, prompt.ts)!;
    expect(settled.versions).toHaveLength(3);
    expect(settled.versions[2].blocks).toEqual(settled.versions[1].blocks);
    const rows = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(notifications).where(eq(notifications.buildId, buildId)));
    expect(rows.map((r) => [r.event, r.channel, r.recipient, r.status]).sort()).toEqual([
      ['approval_requested', 'slack', '#builds', 'sent'],
      ['approved', 'slack', '#builds', 'sent'],
      ['promoted', 'slack', '#builds', 'sent'],
    ]);
    expect(rows.find((r) => r.event === 'approval_requested')).toMatchObject({ slackChannel: prompt.channel, slackTs: prompt.ts });
  });

  it("release a quarantined image on a security reviewer's Release, from its Release / Reject prompt", async () => {
    const repo = makeRepo({
      // The key id is assembled at build time so no credential-shaped string is committed.
      'Dockerfile': `FROM ${baseImage()}\nRUN mkdir -p /app/config && printf '[default]\\naws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /app/config/credentials\n`,
    });
    const release = uniqueRepository('slack-held');
    const manifest: Manifest = { version: 1, images: { held: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' } } }, notify: { slack: { channel: '#security', on: ['quarantined'] } } };
    const input = planImage(h, repo, manifest, 'held', { tenantId, requestedBy: { login: 'dana', channel: 'cli' } });
    await startImageBuild(h, input);
    await waitForState(h, input.buildId, (s) => s.status === 'quarantined');
    await until(() => slack.messages('#security').length === 1, 'the quarantine prompt in #security');
    const held = slack.messages('#security')[0];
    expect(held.text).toMatch(/is quarantined \(1 secret\)$/);
    expect(JSON.stringify(held.blocks)).toContain('aws-access-key-id in /app/config/credentials');
    const clicked = buttonClickPayload({ user: people.sam, teamId: slack.teamId, message: held, actionId: SLACK_ACTION_IDS.release, responseUrl: slack.responseUrl() });
    expect((await postInteraction(slackUrl(), clicked, { secret: SECRET })).status).toBe(200);
    await waitForState(h, input.buildId, (s) => s.status === 'succeeded');
    await until(() => (slack.message(held.channel, held.ts)?.versions.length ?? 0) === 3, 'the prompt updated by the click and by the released event');
    const settled = slack.message(held.channel, held.ts)!;
    expect(settled.text).toMatch(/ — released from quarantine by sam$/);
    expect(settled.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
    expect((await audit({ actor: 'sam', action: 'decision.release' })).map((e) => [e.decision, (e.data as { via?: string }).via])).toEqual([['allow', `slack:${people.sam.id}`]]);
  });
});
