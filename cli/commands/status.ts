import type { Command } from 'commander';
import { openDatabase } from '../../db/open-database.js';
import { recentBuilds } from '../../db/recent-builds.js';
import { loadConfig } from '../../lib/config.js';
import { readBuildDetails, type BuildDetails } from '../../db/build-details.js';
import { findBuild } from '../../db/find-build.js';
import { resolveTemporal } from '../../lib/temporal.js';
import { connectTemporalClient } from '../../lib/temporal-connection.js';
import { findingsText } from '../../templates/build-summary.js';
import { statusQuery } from '../../workflows/image-build.js';
import type { BuildState } from '../../workflows/image-build-types.js';
import type { Io } from '../io.js';
import { LOCAL_TENANT } from '../../roles/local-tenant.js';

type Env = Record<string, string | undefined>;

/**
 * The live state of a running build, from its workflow, when a Temporal server is reachable; undefined
 * otherwise, and for a finished build (a query would wait for a worker to replay it: the database has it).
 */
async function liveState(env: Env, buildId: string): Promise<BuildState | undefined> {
  const config = loadConfig(env);
  try {
    const temporal = await resolveTemporal(config, 'attach');
    const client = await connectTemporalClient(config, temporal.address);
    try {
      const handle = client.workflow.getHandle(buildId);
      if ((await handle.describe()).status.name !== 'RUNNING') return undefined;
      return await handle.query(statusQuery);
    } finally {
      await client.connection.close();
      await temporal.stop();
    }
  } catch {
    return undefined;
  }
}

const decisionLine = (verb: string, who: string, roles: readonly string[], at: string, reason?: string | null) => `${verb.padEnd(9)} by ${who} [${roles.join(', ')}] at ${at}${reason ? `: ${reason}` : ''}`;

/** Findings, quarantine and approvals from the running build's own state. */
function printLive(io: Io, live: BuildState): void {
  if (live.quarantinedAt) io.out(`held at   ${live.quarantinedAt}`);
  if (live.verdict) io.out(`findings  ${findingsText(live)}`);
  for (const r of live.verdict?.reasons ?? []) io.out(`  held because ${r}`);
  const q = live.quarantineDecision;
  if (q) io.out(`quarantine ${q.verdict} by ${q.by}${q.reason ? `: ${q.reason}` : ''}`);
  for (const a of live.approvals) io.out(decisionLine('approved', a.login, a.roles, a.at, a.reason));
  if (live.rejectedBy) io.out(`rejected  by ${live.rejectedBy.login}${live.rejectedBy.reason ? `: ${live.rejectedBy.reason}` : ''}`);
  if (live.status === 'awaiting_approval') {
    const missing = live.approvalsMissing?.length ? `; still needed: one each of ${live.approvalsMissing.join(', ')}` : '';
    io.out(`approvals ${live.approvals.length} of ${live.approvalsNeeded ?? 1}${missing}`);
  }
}

/** The same from what the database keeps, for a build no worker answers for. */
function printRecorded(io: Io, d: BuildDetails): void {
  if (d.scan) {
    const s = d.scan.summary as { bySeverity?: Record<string, number>; secrets?: number; notes?: string[] };
    const counts = Object.entries(s.bySeverity ?? {}).filter(([, n]) => n > 0).map(([sev, n]) => `${n} ${sev}`);
    if (s.secrets) counts.push(`${s.secrets} secret${s.secrets === 1 ? '' : 's'}`);
    io.out(`findings  ${counts.length > 0 ? counts.join(', ') : 'none'} (${d.scan.scanner}; vulnerability database: ${d.scan.dbStatus})`);
    for (const n of s.notes ?? []) io.out(`  note: ${n}`);
  }
  const q = d.quarantine;
  if (q) {
    io.out(`  held because ${q.reason}`);
    io.out(`quarantine ${q.status}${q.decidedBy ? ` by ${q.decidedBy}` : ''}${q.decisionReason ? `: ${q.decisionReason}` : ''}`);
  }
  for (const a of d.decisions) io.out(decisionLine(a.decision === 'approve' ? 'approved' : 'rejected', a.actorLogin, a.actorRoles, a.at.toISOString(), a.reason));
}

/**
 * `imagefactory status [BUILD]`: without BUILD, the recent builds; with BUILD, its status, step, digest,
 * tags, findings and approvals (live from the workflow when it can be reached, else from the database).
 */
export async function runStatus(args: { build?: string; limit?: string }, io: Io, env: Env = process.env): Promise<number> {
  const database = await openDatabase(loadConfig(env));
  try {
    if (!args.build) {
      const rows = await recentBuilds(database.db, LOCAL_TENANT, Number(args.limit ?? 20));
      if (rows.length === 0) io.out('no builds yet: imagefactory run DIR starts one');
      for (const r of rows) io.out(`${r.updatedAt.toISOString().slice(0, 19).replace('T', ' ')}  ${r.status.padEnd(17)} ${r.id}`);
      return 0;
    }
    const found = await findBuild(database.db, undefined, args.build);
    if (!found.ok) {
      io.err(`imagefactory status: ${found.message}`);
      return 2;
    }
    const b = found.build;
    const live = await liveState(env, b.id);
    io.out(`build     ${b.id}`);
    io.out(`status    ${live?.status ?? b.status}${live ? `: ${live.step}` : ''}`);
    io.out(`image     ${b.image} (${b.method}) at ${b.commitSha.slice(0, 12)} ${b.ref}, started by ${b.authorLogin} via ${b.trigger}`);
    if (b.digest ?? live?.digest) io.out(`digest    ${live?.digest ?? b.digest}`);
    if ((live?.tags ?? b.tags).length) io.out(`tags      ${(live?.tags ?? b.tags).join(', ')}`);
    if (live?.promotedTo) io.out(`promoted  ${live.promotedTo}`);
    if (live) printLive(io, live);
    else printRecorded(io, await readBuildDetails(database.db, b.tenantId, b.id));
    if (b.error) io.out(`error     ${b.error}`);
    return 0;
  } finally {
    await database.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('status')
    .description('Show recent builds, or one build\'s status, digest, tags, findings and approvals.')
    .argument('[build]', 'a build id, or a unique ending of it such as web@3f2c1d4e5a6b')
    .option('-n, --limit <n>', 'how many recent builds to list', '20')
    .action(async (build: string | undefined, opts: { limit?: string }) => {
      process.exitCode = await runStatus({ build, ...opts }, io);
    });
}
