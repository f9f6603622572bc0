// Comment commands through a real `imagefactory serve` (the GitHub double as GitHub), beside the raw Temporal
// call on the same server in the same run (goal: p99 within 25 ms of the raw one):
//   /build on a new pull request -> its pipeline started in Temporal, beside client.workflow.start of the same
//     workflow type with the same options;
//   /approve -> the waiting build accepting the approval (its update accepted), beside executeUpdate of the
//     same update on another build waiting the same way.
// Each sample is timed from the moment its request leaves this process to the moment the Temporal server
// stamps the start (the execution's start time) or the acceptance (the WorkflowExecutionUpdateAccepted event),
// read from Temporal afterwards, so observing adds nothing; bot and raw samples alternate, a pause apart.
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { buildIdFor, pipelineIdFor, planBuilds } from '../../builds/plan-builds.js';
import { openDatabase } from '../../db/open-database.js';
import { loadConfig } from '../../lib/config.js';
import { openFactorySession, type FactorySession } from '../../lib/factory-session.js';
import { connectTemporalClient } from '../../lib/temporal-connection.js';
import { parseManifest } from '../../manifest/load-manifest.js';
import globalSetup from '../../test/helpers/global-setup.js';
import globalTeardown from '../../test/helpers/global-teardown.js';
import { appEnv, startBotProcess, type BotProcess } from '../../test/helpers/bot-process.js';
import { startGitHubDouble, type GitHubDouble } from '../../test/helpers/github-double.js';
import { baseImage } from '../../test/helpers/registry.js';
import { approveUpdate, statusQuery } from '../../workflows/image-build-handlers.js';
import { commentDelivery, createFleet, installFleet, newCommit, openPullRequest, type FleetRepository, type SignedDelivery } from './command-fleet.js';
import { quantile, startedAt, updatesAcceptedAt, wallDrift, wallNow } from './server-times.js';

const BUILD_SAMPLES = Number(process.env.BENCH_BUILD_SAMPLES ?? 200);
const APPROVE_SAMPLES = Number(process.env.BENCH_APPROVE_SAMPLES ?? 100);
/** The pause after each sample: one comment per installation every INSTALLATIONS x 2 x GAP_MS (3.6 s), as GitHub's write limits allow. */
const GAP_MS = Number(process.env.BENCH_COMMAND_GAP_MS ?? 150);
const INSTALLATIONS = 12;
const WARM_UP = INSTALLATIONS;
const GOAL_MS = 25;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  /** The workflow whose start, or update acceptance, ends the sample. */
  workflowId: string;
  t0: number;
  /** Raw samples: the client call's round trip. Bot samples: the HTTP answer (status, time). */
  roundTrip?: number;
  answer?: Promise<{ status: number; ms: number }>;
}

interface Bench {
  github: GitHubDouble;
  bot: BotProcess;
  client: Client;
  fleet: FleetRepository[];
  registry: string;
  taskQueue: string;
}

/** Sends a signed delivery to the bot; the sample starts as the request leaves. */
function send(bench: Bench, workflowId: string, d: SignedDelivery): Sample {
  const t0 = wallNow();
  const answer = fetch(bench.bot.url, { method: 'POST', headers: d.headers, body: d.body }).then(async (res) => {
    await res.arrayBuffer();
    return { status: res.status, ms: wallNow() - t0 };
  });
  return { workflowId, t0, answer };
}

async function answered(bench: Bench, samples: Sample[]): Promise<number[]> {
  const answers = await Promise.all(samples.map((s) => s.answer!));
  const failed = answers.filter((a) => a.status >= 300);
  if (failed.length > 0) throw new Error(`${failed.length} comments were answered ${failed[0].status}:\n${bench.bot.logs().slice(-4000)}`);
  return answers.map((a) => a.ms);
}

/** /build on pull requests (a new one each time) against client.workflow.start of the same pipeline. */
async function benchBuild(bench: Bench, count: number) {
  const manifestOf = (r: FleetRepository) => {
    const parsed = parseManifest(bench.github.filesAt(r.fullName, 'main')!['.imagefactory.yml'], '.imagefactory.yml');
    if (!parsed.ok) throw new Error(`the bench manifest is invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
    return parsed.value;
  };
  const bot: Sample[] = [];
  const raw: Sample[] = [];
  const prs: { r: FleetRepository; number: number; sha: string }[] = [];
  for (let i = 0; i < count; i++) {
    const r = bench.fleet[i % bench.fleet.length];
    const number = i + 1;
    const sha = openPullRequest(bench.github, r, number);
    prs.push({ r, number, sha });
    const delivery = await commentDelivery(r, number, 'dana', '/build');
    bot.push(send(bench, pipelineIdFor(r.tenantId, r.fullName, { sha, ref: '', dirty: false }, ['app']), delivery));
    await sleep(GAP_MS);

    const branch = `raw-${number}`;
    const rawSha = newCommit(bench.github, r, branch);
    const plan = planBuilds({
      tenantId: r.tenantId,
      repository: r.fullName,
      sourceUrl: `https://github.com/${r.fullName}`,
      manifest: manifestOf(r),
      commit: { sha: rawSha, ref: `refs/heads/${branch}`, branch, dirty: false },
      source: { kind: 'github', owner: r.owner, repo: 'app', sha: rawSha, installationId: r.installationId },
      requestedBy: { login: 'dana', channel: 'github' },
      trigger: 'comment',
      requestedAt: new Date(),
      defaultRegistry: bench.registry,
      images: ['app'],
    });
    plan.input.rebuild = false;
    const t0 = wallNow();
    await bench.client.workflow.start('pipeline', { taskQueue: bench.taskQueue, workflowId: plan.pipelineId, args: [plan.input], workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING, workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE });
    raw.push({ workflowId: plan.pipelineId, t0, roundTrip: wallNow() - t0 });
    await sleep(GAP_MS);
  }
  return { bot, raw, prs };
}

/** /approve on pull requests whose build waits (for three approvals) against executeUpdate of the same approval on the same build. */
async function benchApprove(bench: Bench, waiting: { r: FleetRepository; number: number; buildId: string }[]) {
  const bot: Sample[] = [];
  const raw: Sample[] = [];
  for (const [j, w] of waiting.entries()) {
    const viaBot = async () => {
      bot.push(send(bench, w.buildId, await commentDelivery(w.r, w.number, 'sam', '/approve')));
      await sleep(GAP_MS);
    };
    const direct = async () => {
      const t0 = wallNow();
      const result = await bench.client.workflow.getHandle(w.buildId).executeUpdate(approveUpdate, { args: [{ login: 'sue', channel: 'github' }], updateId: `bench-raw-${j}` });
      if (!result.ok) throw new Error(`the raw approval of ${w.buildId} was refused: ${result.reason}`);
      raw.push({ workflowId: w.buildId, t0, roundTrip: wallNow() - t0 });
      await sleep(GAP_MS);
    };
    for (const step of j % 2 === 0 ? [viaBot, direct] : [direct, viaBot]) await step();
  }
  return { bot, raw };
}

/** Waits until every build waits for approval (the worker builds them meanwhile). */
async function untilAwaitingApproval(client: Client, buildIds: string[]): Promise<void> {
  const pending = new Set(buildIds);
  const deadline = Date.now() + 30 * 60_000;
  let reported = 0;
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const state = await client.workflow.getHandle(id).query(statusQuery).catch(() => undefined);
      if (state?.status === 'awaiting_approval') pending.delete(id);
      else if (state && ['failed', 'cancelled', 'rejected', 'expired', 'succeeded'].includes(state.status)) throw new Error(`build ${id} ended ${state.status}: ${state.error ?? ''}`);
    }
    if (Date.now() > deadline) throw new Error(`${pending.size} builds never waited for approval`);
    if (Date.now() - reported > 15_000) {
      process.stderr.write(`  ${buildIds.length - pending.size}/${buildIds.length} builds waiting for approval\n`);
      reported = Date.now();
    }
    if (pending.size > 0) await sleep(1000);
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(9);
const stats = (xs: number[]) => `p50 ${ms(quantile(xs, 0.5))}  p99 ${ms(quantile(xs, 0.99))}`;

/** Prints both columns and the difference of their p99; whether the goal is met. */
function report(title: string, labels: [string, string], bot: number[], raw: number[], extra: [string, string]): boolean {
  const gap = quantile(bot, 0.99) - quantile(raw, 0.99);
  console.log(`${title}, ${bot.length} samples each (from the request leaving to the server's stamp):`);
  console.log(`  ${labels[0].padEnd(34)} ${stats(bot)}   ${extra[0]}`);
  console.log(`  ${labels[1].padEnd(34)} ${stats(raw)}   ${extra[1]}`);
  console.log(`  p99 difference: ${gap.toFixed(1)} ms (goal: within ${GOAL_MS} ms: ${gap <= GOAL_MS ? 'met' : 'NOT met'})`);
  return gap <= GOAL_MS;
}

const latencies = async (samples: Sample[], stamp: (s: Sample, i?: number) => Promise<number>) => Promise.all(samples.map(async (s, i) => (await stamp(s, i)) - s.t0));

export async function benchCommands(): Promise<boolean> {
  const env = { ...process.env };
  await globalSetup(); // a Temporal dev server (unless TEMPORAL_ADDRESS is set), a Postgres database, the payload and audit keys
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const database = await openDatabase(config);
  const github = await startGitHubDouble();
  const taskQueue = `bench-commands-${Date.now().toString(36)}`;
  let session: FactorySession | undefined;
  let bench: Bench | undefined;
  const workflows: string[] = [];
  try {
    const fleet = await createFleet(github, database.db, config.registry, baseImage(), INSTALLATIONS);
    const bot = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: taskQueue, IMAGEFACTORY_REDELIVERY_INTERVAL: '3600' });
    const client = await connectTemporalClient(config, process.env.TEMPORAL_ADDRESS!);
    bench = { github, bot, client, fleet, registry: config.registry, taskQueue };
    await installFleet(github, fleet);

    // No worker yet: a started pipeline waits for one, and nothing is built while /build is measured.
    const builds = await benchBuild(bench, WARM_UP + BUILD_SAMPLES);
    workflows.push(...builds.bot.map((s) => s.workflowId), ...builds.raw.map((s) => s.workflowId));
    const buildAnswers = (await answered(bench, builds.bot)).slice(WARM_UP);
    const botBuild = (await latencies(builds.bot, (s) => startedAt(client, s.workflowId))).slice(WARM_UP);
    const rawBuild = (await latencies(builds.raw, (s) => startedAt(client, s.workflowId))).slice(WARM_UP);

    // The first pull requests' builds go on to wait for approval; the other pipelines are not needed.
    const approving = builds.prs.slice(0, WARM_UP + APPROVE_SAMPLES).map((p) => ({ ...p, buildId: buildIdFor(p.r.tenantId, p.r.fullName, 'app', { sha: p.sha, ref: '', dirty: false }) }));
    const kept = new Set(builds.bot.slice(0, approving.length).map((s) => s.workflowId));
    for (const id of workflows.filter((w) => !kept.has(w))) await client.workflow.getHandle(id).terminate('benchmark: not needed');
    workflows.push(...approving.map((a) => a.buildId));
    process.stderr.write(`building ${approving.length} images to approve...\n`);
    session = await openFactorySession(loadConfig({ ...process.env, ...appEnv(github), LOG_LEVEL: 'warn' }), { taskQueue, database });
    await untilAwaitingApproval(client, approving.map((a) => a.buildId));

    const approvals = await benchApprove(bench, approving);
    const approveAnswers = (await answered(bench, approvals.bot)).slice(WARM_UP);
    const accepted = async (s: Sample, raw: boolean) => {
      const times = await updatesAcceptedAt(client, s.workflowId);
      const id = [...times.keys()].find((k) => k.startsWith('bench-raw-') === raw);
      if (!id) throw new Error(`no ${raw ? 'raw' : "bot's"} approval accepted by ${s.workflowId}`);
      return times.get(id)!;
    };
    const botApprove = (await latencies(approvals.bot, (s) => accepted(s, false))).slice(WARM_UP);
    const rawApprove = (await latencies(approvals.raw, (s) => accepted(s, true))).slice(WARM_UP);
    for (const a of approving) {
      const approvers = (await client.workflow.getHandle(a.buildId).query(statusQuery)).approvals.map((x) => x.login).sort();
      if (approvers.join() !== 'sam,sue') throw new Error(`${a.buildId} holds the approvals of ${approvers.join(', ') || 'nobody'}, not sam's and sue's`);
    }

    const rtt = (s: Sample[]) => s.slice(WARM_UP).map((x) => x.roundTrip!);
    const okBuild = report('/build comment -> pipeline running', ['imagefactory serve, /build:', 'raw client.workflow.start:'], botBuild, rawBuild, [`HTTP answer (after the reply) ${stats(buildAnswers)}`, `round trip ${stats(rtt(builds.raw))}`]);
    const okApprove = report('/approve comment -> approval accepted by the build', ['imagefactory serve, /approve:', 'raw executeUpdate (approve):'], botApprove, rawApprove, [`HTTP answer (after the reply) ${stats(approveAnswers)}`, `round trip ${stats(rtt(approvals.raw))}`]);
    console.log(`(clock: this process's timer ${wallDrift().toFixed(2)} ms from the wall clock the server stamps with)`);
    return okBuild && okApprove;
  } finally {
    for (const id of workflows) await bench?.client.workflow.getHandle(id).terminate('benchmark over').catch(() => undefined);
    await bench?.bot.stop();
    await session?.close();
    await bench?.client.connection.close();
    await github.close();
    await database.close();
    await globalTeardown();
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  }
}
