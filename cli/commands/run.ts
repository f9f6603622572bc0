import path from 'node:path';
import type { Command } from 'commander';
import type { BuildPlan } from '../../builds/plan-builds.js';
import { requestBuilds } from '../../builds/request-builds.js';
import { startPipeline } from '../../builds/start-pipeline.js';
import type { OpenDatabase } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { configuredTeams } from '../../github/configured-teams.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { openFactorySession } from '../../lib/factory-session.js';
import { createTerminalLogger, type Logger } from '../../lib/logger.js';
import { loadManifestFile } from '../../manifest/load-manifest.js';
import { formatProblem } from '../../manifest/problem.js';
import { createActorResolver } from '../../roles/actor-resolver.js';
import { LOCAL_TENANT } from '../../roles/local-tenant.js';
import { renderSummaryTable, runExitCode } from '../../templates/build-summary.js';
import { FINAL_STATUSES, type BuildStatus } from '../../workflows/image-build-types.js';
import { cliActor } from '../cli-actor.js';
import { buildOutcome, collectResults } from '../collect-results.js';
import type { Io } from '../io.js';
import { readLocalTenantConfig } from '../local-tenant-config.js';
import { readLocalCheckout } from '../local-checkout.js';
import { decisionPrompter } from '../prompt-decision.js';
import { watchBuilds } from '../watch-builds.js';

type Env = Record<string, string | undefined>;

export interface RunArgs {
  dir?: string;
  image?: string[];
  rebuild?: boolean;
  prompt?: boolean;
  wait?: boolean;
  as?: string;
}

const WAITING_FOR_PEOPLE: BuildStatus[] = ['quarantined', 'awaiting_approval'];

/**
 * `imagefactory run [DIR]`: the whole pipeline for DIR's HEAD commit on this machine (the working tree is
 * what is built): validate, authorize, build, push, scan, quarantine or publish, approve, promote. Shows
 * progress as it goes and ends with a summary. Exit 0 built or promoted; 2 quarantined, rejected or
 * expired; 1 failed or refused.
 */
export async function runRun(args: RunArgs, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  const checkout = await readLocalCheckout(args.dir ?? '.');
  const who = await cliActor(config, args.as);
  if (!who.ok) {
    io.err(`imagefactory run: ${who.message}`);
    return 2;
  }
  const tenant = readLocalTenantConfig(config, io, 'imagefactory run');
  if (!tenant) return 2;
  const floor = { tenant, defaultRegistry: config.registry, repository: checkout.name };
  const loaded = await loadManifestFile(checkout.dir, { repoRoot: checkout.dir, tenant: floor });
  if (!loaded.ok) {
    if ('missing' in loaded) {
      io.err(`imagefactory run: ${loaded.missing}`);
      return 2;
    }
    for (const p of loaded.problems) io.err(formatProblem(p));
    io.err(`imagefactory run: ${loaded.file} has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; nothing was built`);
    return 1;
  }
  // The details of trouble on the way (a database that goes away for a moment) go to a log file; the
  // terminal gets one sentence.
  const logger = createTerminalLogger(config, path.join(config.dataDir, 'logs', 'run.log'), (sentence) => io.err(`imagefactory run: ${sentence}`));
  const database = await openDatabase(config, { migrate: true, logger });
  try {
    const resolver = createActorResolver({ db: database.db, config, teams: configuredTeams(config) });
    const requested = await requestBuilds({ db: database.db, resolver }, {
      scope: { tenantId: LOCAL_TENANT, repository: checkout.name, localDir: checkout.dir },
      requester: { login: who.login, channel: 'cli' },
      manifest: loaded.value,
      images: args.image ?? [],
      sourceUrl: checkout.sourceUrl,
      commit: checkout.commit,
      source: { kind: 'local', path: checkout.dir },
      trigger: 'cli',
      requestedAt: new Date(),
      defaultRegistry: config.registry,
    });
    const actor = requested.requester;
    if (!requested.ok) {
      if (requested.unknown.length > 0) io.err(`imagefactory run: no image named ${requested.unknown.join(', ')} in ${loaded.file} (it has ${Object.keys(loaded.value.images).join(', ')})`);
      for (const r of requested.refused) io.err(`imagefactory run: ${actor.login} may not build ${r.image}: ${r.reason} (${r.source})`);
      return 1;
    }
    const { plan } = requested;
    plan.input.rebuild = args.rebuild ?? false;
    const names = plan.input.builds.map((b) => b.image);
    io.out(`imagefactory run: ${checkout.name} at ${checkout.commit.sha.slice(0, 12)}${checkout.commit.dirty ? ' with uncommitted changes' : ''}, ${names.length} image${names.length === 1 ? '' : 's'} (${names.join(', ')}) as ${actor.login} [${actor.roles.join(', ') || 'no roles'}]`);
    for (const note of actor.notes) io.err(`imagefactory run: note: ${note}`);
    return await follow(args, io, config, database, plan, logger);
  } finally {
    await database.close();
  }
}

/** Starts (or joins) the pipeline with a worker in this process and follows it to its summary. */
async function follow(args: RunArgs, io: Io, config: Config, database: OpenDatabase, plan: BuildPlan, logger: Logger): Promise<number> {
  const session = await openFactorySession(config, { database, logger });
  const stopPolling = new AbortController();
  const interrupted = new Promise<'interrupted'>((resolve) => process.once('SIGINT', () => resolve('interrupted')));
  try {
    const { handle, started } = await startPipeline(session.client, session.taskQueue, plan);
    if (!started) io.out('imagefactory run: this commit\'s pipeline is already running: following it');
    const builds = plan.input.builds.map((b) => ({ buildId: b.buildId, image: b.image }));
    // The result is long-polled; when the run ends first (nobody to ask here), the poll is aborted before
    // the connection closes, so no retry ever reaches a closed channel.
    const result = session.client.connection.withAbortSignal(stopPolling.signal, () => handle.result());
    result.catch(() => undefined);
    const outcome = Promise.race([result, interrupted]);
    const prompting = args.prompt !== false && io.isTty && Boolean(process.stdin.isTTY);
    const states = await watchBuilds({
      client: session.client,
      db: session.database.db,
      tenantId: LOCAL_TENANT,
      builds,
      io,
      done: outcome,
      onStatus: prompting ? decisionPrompter(session.client, io, { login: plan.input.builds[0].requestedBy.login, channel: 'cli' }) : undefined,
      // Nobody to ask here: stop once every build is done or waits for a person, unless told to wait.
      stopWhen: prompting || args.wait ? undefined : (s) => [...s.values()].every((b) => FINAL_STATUSES.includes(b.status) || WAITING_FOR_PEOPLE.includes(b.status)),
    });
    const pending = [...states.values()].filter((s) => WAITING_FOR_PEOPLE.includes(s.status));
    if (pending.length > 0 && !(await isSettled(outcome))) {
      const rows = await Promise.all(builds.map(async (b) => {
        const state = states.get(b.buildId)!;
        if (!FINAL_STATUSES.includes(state.status)) return { ...b, status: state.status, state };
        return { ...b, ...(await buildOutcome(session.client, b.buildId)) };
      }));
      io.out(`\n${renderSummaryTable(rows)}`);
      for (const s of pending) {
        io.out(`${s.image} waits for a person: imagefactory ${s.status === 'quarantined' ? 'release|reject' : 'approve|reject'} ${s.buildId}${config.temporalAddress ? '' : ' --as LOGIN'} (while \`imagefactory worker\` or \`imagefactory run --wait\` runs)`);
      }
      return runExitCode(rows);
    }
    if ((await outcome) === 'interrupted') {
      io.err('\nimagefactory run: interrupted. The builds are kept: run the same command again (or `imagefactory worker`) and they continue.');
      return 130;
    }
    const rows = await collectResults(session.client, await result);
    io.out(`\n${renderSummaryTable(rows)}`);
    return runExitCode(rows);
  } finally {
    stopPolling.abort();
    await session.close();
  }
}

async function isSettled(p: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([p.then(() => true, () => true), Promise.resolve(marker)])) !== marker;
}

export function register(program: Command, io: Io): void {
  program
    .command('run')
    .description('Run the pipeline for a local checkout: build, push, scan, quarantine, approve and promote each image.')
    .argument('[dir]', 'the folder holding .imagefactory.yml', '.')
    .option('-i, --image <name...>', 'only these images of the manifest')
    .option('--rebuild', 'build again images already built at this commit (default: show the earlier result)')
    .option('--no-prompt', 'never ask on the terminal; decide with imagefactory approve|reject|release from another shell')
    .option('--wait', 'without a terminal to ask on, keep waiting for decisions from another shell (default: stop once every image is done or waits for a person)')
    .option('--as <login>', 'on the embedded local stack, act as this login to try policies (its roles come from the mappings); default IMAGEFACTORY_USER or your user name. Refused with TEMPORAL_ADDRESS set: there you act as the login of GITHUB_TOKEN')
    .addHelpText(
      'after',
      `
Builds DIR's working tree at its HEAD commit (uncommitted changes make it a separate build) with the
services of the local stack (npm run setup): the container engine at DOCKER_HOST, the registry REGISTRY,
Trivy, Postgres, and Temporal (TEMPORAL_ADDRESS, or an embedded dev server kept in the data folder).
Images that wait for a person prompt on a terminal; others can decide from another shell with
imagefactory approve|reject|release BUILD. Interrupted runs continue the next time.

Exit status: 0 built or promoted; 2 quarantined, awaiting approval, rejected or expired; 1 failed,\ncancelled or refused.

Examples:
  imagefactory run examples/hello
  imagefactory run . --image api --no-prompt`,
    )
    .action(async (dir: string, opts: Omit<RunArgs, 'dir'>) => {
      process.exitCode = await runRun({ dir, ...opts }, io);
    });
}
