import type { Command } from 'commander';
import { readBuildLog } from '../../activities/build-log-store.js';
import { openDatabase } from '../../db/open-database.js';
import { builds } from '../../db/schema/builds.js';
import { withTenant } from '../../db/with-tenant.js';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../../lib/config.js';
import { findBuild } from '../../db/find-build.js';
import { FINAL_STATUSES } from '../../workflows/image-build-types.js';
import type { Io } from '../io.js';
import { LOCAL_TENANT } from '../../roles/local-tenant.js';

type Env = Record<string, string | undefined>;

/** `imagefactory logs BUILD [--follow]`: the build's log as kept in the database, line by line. */
export async function runLogs(args: { build: string; follow?: boolean; intervalMs?: number }, io: Io, env: Env = process.env): Promise<number> {
  const database = await openDatabase(loadConfig(env));
  try {
    const found = await findBuild(database.db, LOCAL_TENANT, args.build);
    if (!found.ok) {
      io.err(`imagefactory logs: ${found.message}`);
      return 2;
    }
    let seq = 0;
    for (;;) {
      const lines = await readBuildLog(database.db, LOCAL_TENANT, found.build.id, seq);
      for (const l of lines) io.out(l.stream === 'system' ? `# ${l.line}` : l.line);
      if (lines.length > 0) seq = lines[lines.length - 1].seq;
      if (!args.follow) return 0;
      const [row] = await withTenant(database.db, LOCAL_TENANT, (tx) => tx.select({ status: builds.status }).from(builds).where(eq(builds.id, found.build.id)));
      if (FINAL_STATUSES.includes(row.status) && lines.length === 0) return 0;
      await new Promise((r) => setTimeout(r, args.intervalMs ?? 500));
    }
  } finally {
    await database.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('logs')
    .description('Print a build\'s log (build steps, engine output, and the factory\'s own notes marked #).')
    .argument('<build>', 'a build id, or a unique ending of it such as web@3f2c1d4e5a6b')
    .option('-f, --follow', 'keep printing new lines until the build ends')
    .action(async (build: string, opts: { follow?: boolean }) => {
      process.exitCode = await runLogs({ build, ...opts }, io);
    });
}
