import type { Command } from 'commander';
import { desc } from 'drizzle-orm';
import { openDatabase } from '../../db/open-database.js';
import { builds } from '../../db/schema/builds.js';
import { withTenant } from '../../db/with-tenant.js';
import { loadConfig } from '../../lib/config.js';
import { findBuild } from '../../db/find-build.js';
import { resolveTemporal } from '../../lib/temporal.js';
import { connectTemporalClient } from '../../lib/temporal-connection.js';
import { findingsText } from '../../templates/build-summary.js';
import { statusQuery } from '../../workflows/image-build.js';
import type { BuildState } from '../../workflows/image-build-types.js';
import type { Io } from '../io.js';
import { LOCAL_TENANT } from '../../roles/local-tenant.js';

type Env = Record<string, string | undefined>;

/** The live state from the workflow when a Temporal server is reachable; undefined otherwise. */
async function liveState(env: Env, buildId: string): Promise<BuildState | undefined> {
  const config = loadConfig(env);
  try {
    const temporal = await resolveTemporal(config, 'attach');
    const client = await connectTemporalClient(config, temporal.address);
    try {
      return await client.workflow.getHandle(buildId).query(statusQuery);
    } finally {
      await client.connection.close();
      await temporal.stop();
    }
  } catch {
    return undefined;
  }
}

/**
 * `imagefactory status [BUILD]`: without BUILD, the recent builds; with BUILD, its status, step, digest,
 * tags, findings and approvals (live from the workflow when it can be reached, else from the database).
 */
export async function runStatus(args: { build?: string; limit?: string }, io: Io, env: Env = process.env): Promise<number> {
  const database = await openDatabase(loadConfig(env));
  try {
    if (!args.build) {
      const rows = await withTenant(database.db, LOCAL_TENANT, (tx) => tx.select().from(builds).orderBy(desc(builds.updatedAt)).limit(Number(args.limit ?? 20)));
      if (rows.length === 0) io.out('no builds yet: imagefactory run DIR starts one');
      for (const r of rows) io.out(`${r.updatedAt.toISOString().slice(0, 19).replace('T', ' ')}  ${r.status.padEnd(17)} ${r.id}`);
      return 0;
    }
    const found = await findBuild(database.db, LOCAL_TENANT, args.build);
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
    if (live?.quarantinedAt) io.out(`held at   ${live.quarantinedAt}`);
    if (live?.verdict) io.out(`findings  ${findingsText(live)}`);
    for (const r of live?.verdict?.reasons ?? []) io.out(`  held because ${r}`);
    for (const a of live?.approvals ?? []) io.out(`approved  by ${a.login} [${a.roles.join(', ')}] at ${a.at}${a.reason ? `: ${a.reason}` : ''}`);
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
