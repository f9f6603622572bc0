import type { Command } from 'commander';
import { loadConfig, type Config } from '../../lib/config.js';
import { openDatabase } from '../../db/open-database.js';
import { recordRefusal } from '../../lib/record-refusal.js';
import { openFactorySession } from '../../lib/factory-session.js';
import { planBuilds, unknownImages } from '../../lib/plan-builds.js';
import { startPipeline } from '../../lib/start-pipeline.js';
import { loadManifestFile } from '../../manifest/load-manifest.js';
import { formatProblem } from '../../manifest/problem.js';
import type { ImageConfig } from '../../manifest/types.js';
import { FINAL_STATUSES, type BuildStatus } from '../../workflows/image-build-types.js';
import { authorizeBuild } from '../../policies/authorize-build.js';
import { effectiveImageConfig } from '../../policies/effective-image-config.js';
import { renderSummaryTable, runExitCode } from '../../templates/build-summary.js';
import type { Io } from '../io.js';
import { buildOutcome, collectResults } from '../collect-results.js';
import { readLocalCheckout } from '../local-checkout.js';
import { LOCAL_TENANT, localActor, localLogin, localTenantConfig } from '../local-context.js';
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
  const loaded = await loadManifestFile(checkout.dir, { repoRoot: checkout.dir });
  if (!loaded.ok) {
    if ('missing' in loaded) {
      io.err(`imagefactory run: ${loaded.missing}`);
      return 2;
    }
    for (const p of loaded.problems) io.err(formatProblem(p));
    io.err(`imagefactory run: ${loaded.file} has ${loaded.problems.length} problem${loaded.problems.length === 1 ? '' : 's'}; nothing was built`);
    return 1;
  }
  const manifest = loaded.value;
  const tenant = localTenantConfig(env);
  const actor = localActor(config, tenant, manifest, args.as ?? localLogin(env));
  const now = new Date();
  const names = args.image?.length ? args.image : Object.keys(manifest.images);
  const images: Record<string, ImageConfig> = {};
  const refusals: string[] = [];
  const denied: { image: string; reason: string; source: string }[] = [];
  const unknown = unknownImages(manifest, names);
  if (unknown.length > 0) refusals.push(`no image named ${unknown.join(', ')} in ${loaded.file} (it has ${Object.keys(manifest.images).join(', ')})`);
  for (const name of names.filter((n) => !unknown.includes(n))) {
    const image = manifest.images[name];
    const effective = effectiveImageConfig(image, tenant);
    const allowed = effective.ok ? authorizeBuild(actor, { tenantId: LOCAL_TENANT, method: image.method }, tenant, now) : effective;
    if (!allowed.ok) {
      refusals.push(`${actor.login} may not build ${name}: ${allowed.reason} (${allowed.source})`);
      denied.push({ image: name, reason: allowed.reason, source: allowed.source });
    }
    else if (effective.ok) images[name] = effective.config;
  }
  if (refusals.length > 0) {
    for (const r of refusals) io.err(`imagefactory run: ${r}`);
    if (denied.length > 0) await auditRefusals(config, checkout.name, actor.login, denied);
    return 1;
  }

  const plan = planBuilds({
    tenantId: LOCAL_TENANT,
    repository: checkout.name,
    sourceUrl: checkout.sourceUrl,
    manifest: { ...manifest, images },
    commit: checkout.commit,
    source: { kind: 'local', path: checkout.dir },
    requestedBy: { login: actor.login, roles: actor.roles },
    trigger: 'cli',
    requestedAt: now,
    defaultRegistry: config.registry,
    images: names,
  });
  plan.input.rebuild = args.rebuild ?? false;
  io.out(`imagefactory run: ${checkout.name} at ${checkout.commit.sha.slice(0, 12)}${checkout.commit.dirty ? ' with uncommitted changes' : ''}, ${names.length} image${names.length === 1 ? '' : 's'} (${names.join(', ')}) as ${actor.login} [${actor.roles.join(', ') || 'no roles'}]`);

  const session = await openFactorySession(config);
  const interrupted = new Promise<'interrupted'>((resolve) => process.once('SIGINT', () => resolve('interrupted')));
  try {
    const { handle, started } = await startPipeline(session.client, session.taskQueue, plan);
    if (!started) io.out('imagefactory run: this commit\'s pipeline is already running: following it');
    const builds = plan.input.builds.map((b) => ({ buildId: b.buildId, image: b.image }));
    const outcome = Promise.race([handle.result(), interrupted]);
    const prompting = args.prompt !== false && io.isTty && Boolean(process.stdin.isTTY);
    const states = await watchBuilds({
      client: session.client,
      db: session.database.db,
      tenantId: LOCAL_TENANT,
      builds,
      io,
      done: outcome,
      onStatus: prompting ? decisionPrompter(session.client, io, { ...actor, tenantId: LOCAL_TENANT }) : undefined,
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
        io.out(`${s.image} waits for a person: imagefactory ${s.status === 'quarantined' ? 'release|reject' : 'approve|reject'} ${s.buildId} --as LOGIN (while \`imagefactory worker\` or \`imagefactory run --wait\` runs)`);
      }
      return runExitCode(rows);
    }
    if ((await outcome) === 'interrupted') {
      io.err('\nimagefactory run: interrupted. The builds are kept: run the same command again (or `imagefactory worker`) and they continue.');
      return 130;
    }
    const rows = await collectResults(session.client, await handle.result());
    io.out(`\n${renderSummaryTable(rows)}`);
    return runExitCode(rows);
  } finally {
    await session.close();
  }
}

/** A refused build request is audited like any other refusal. */
async function auditRefusals(config: Config, project: string, login: string, denied: { image: string; reason: string; source: string }[]): Promise<void> {
  const database = await openDatabase(config, { migrate: true });
  try {
    for (const d of denied) await recordRefusal(database.db, { tenantId: LOCAL_TENANT, actor: login, action: 'build.requested', project, reason: d.reason, source: d.source, data: { image: d.image } });
  } finally {
    await database.close();
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
    .option('--as <login>', 'act as this login (its roles come from the mappings); default IMAGEFACTORY_USER or your user name')
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
