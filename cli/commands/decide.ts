import type { Command } from 'commander';
import { openDatabase } from '../../db/open-database.js';
import { loadConfig } from '../../lib/config.js';
import { findBuild } from '../../db/find-build.js';
import { resolveTemporal } from '../../lib/temporal.js';
import { connectTemporalClient } from '../../lib/temporal-connection.js';
import { sendDecision } from '../../builds/send-decision.js';
import type { DecisionKind } from '../../workflows/image-build-handlers.js';
import type { Io } from '../io.js';
import { cliActor } from '../cli-actor.js';
import { printDecision } from '../prompt-decision.js';

type Env = Record<string, string | undefined>;
type Kind = DecisionKind;

const ABOUT: Record<Kind, string> = {
  approve: 'Approve a build waiting at its promotion gate (needs Approve Build).',
  reject: 'Reject a quarantined image (Reject Image) or a build awaiting approval (Approve Build).',
  release: 'Release a quarantined image so it is published and promoted (needs Approve Image).',
  cancel: 'Cancel a build, stopping its running builder (needs Cancel Build: own or any).',
};

export interface DecideArgs {
  build: string;
  as?: string;
  reason?: string;
}

/**
 * `imagefactory approve|reject|release|cancel BUILD`: sends the decision to the running build, the same
 * update the bot and Slack buttons send. The workflow checks who may decide; exit 0 accepted, 1 refused,
 * 2 no such build or nothing running.
 */
export async function runDecide(kind: Kind, args: DecideArgs, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  const who = await cliActor(config, args.as);
  if (!who.ok) {
    io.err(`imagefactory ${kind}: ${who.message}`);
    return 2;
  }
  const database = await openDatabase(config);
  try {
    const found = await findBuild(database.db, undefined, args.build);
    if (!found.ok) {
      io.err(`imagefactory ${kind}: ${found.message}`);
      return 2;
    }
    const temporal = await resolveTemporal(config, 'attach');
    const client = await connectTemporalClient(config, temporal.address);
    try {
      const result = await sendDecision(client, found.build.id, kind, { login: who.login, channel: 'cli' }, args.reason);
      printDecision(io, `${kind} ${found.build.id} as ${who.login}`, result);
      return result.ok ? 0 : 1;
    } finally {
      await client.connection.close();
      await temporal.stop();
    }
  } catch (err) {
    io.err(`imagefactory ${kind}: ${(err as Error).message}`);
    return 2;
  } finally {
    await database.close();
  }
}

export function register(program: Command, io: Io): void {
  for (const kind of Object.keys(ABOUT) as Kind[]) {
    program
      .command(kind)
      .description(ABOUT[kind])
      .argument('<build>', 'the build id, or a unique ending of it such as web@3f2c1d4e5a6b')
      .option('--as <login>', 'on the embedded local stack, decide as this login to try policies (default IMAGEFACTORY_USER or your user name); refused with TEMPORAL_ADDRESS set, where you act as the login of GITHUB_TOKEN')
      .option('--reason <text>', 'why, kept in the audit trail')
      .addHelpText('after', `\nThe decision names only who acts. The worker resolves their roles and teams from the mappings in force\n(tenant.yml, the project's roles:) at that moment, and the running build checks the decision against the\npermission matrix and its approval rules; a refusal says which role is needed and is audited.\nExit status: 0 accepted, 1 refused, 2 no such build or nobody to act as.`)
      .action(async (build: string, opts: Omit<DecideArgs, 'build'>) => {
        process.exitCode = await runDecide(kind, { build, ...opts }, io);
      });
  }
}
