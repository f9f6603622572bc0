import { Option, type Command } from 'commander';
import { parseRepository, tenantIdOf, getRepository, type RepositoryInfo } from '../../github/repository.js';
import { TeamMemberships } from '../../github/team-membership.js';
import { effectiveRoles, type EffectiveRoles } from '../../roles/effective-roles.js';
import { projectMappingSource, tenantMappingSource } from '../../roles/mapping-source.js';
import { mappingStatus, type MappingStatus } from '../../roles/mapping-status.js';
import { databaseError, type OpenDatabase } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { loadConfig } from '../../lib/config.js';
import type { Io } from '../io.js';
import { failureStatus } from '../failure-status.js';

type Env = Record<string, string | undefined>;

export interface WhoisArgs {
  login?: string;
  repo?: string;
  format?: string;
}

const FORMATS = ['text', 'json'] as const;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const SCOPES = { global: 'every tenant', tenant: 'the whole tenant', project: 'this project' } as const;

function usage(io: Io, message: string): number {
  io.err(`imagefactory whois: ${message}`);
  return 2;
}

function statusJson(s: MappingStatus) {
  const data = (s.refused?.data ?? {}) as { commit?: string | null };
  return {
    source: s.source.id,
    file: s.source.label,
    repository: `${s.source.repository.owner}/${s.source.repository.repo}`,
    inForce: s.inForce ? { commit: s.inForce.commitSha, acceptedBy: s.inForce.acceptedBy, acceptedAt: s.inForce.acceptedAt.toISOString() } : null,
    latestChangeRefused: s.refused ? { commit: data.commit ?? null, author: s.refused.actor, reason: s.refused.reason, at: s.refused.at.toISOString() } : null,
  };
}

/** The report as plain text: one line per grant, then where each mapping stands. */
export function formatWhois(repository: RepositoryInfo, found: EffectiveRoles, statuses: MappingStatus[]): string {
  const lines: string[] = [];
  if (found.grants.length === 0) lines.push(`${found.login} holds no role in ${repository.fullName} (tenant ${found.tenantId}).`);
  else {
    lines.push(`${found.login} in ${repository.fullName} (tenant ${found.tenantId}): ${found.roles.join(', ')}`);
    const width = Math.max(...found.grants.map((g) => g.role.length));
    for (const g of found.grants) lines.push(`  ${g.role.padEnd(width)}  ${g.via}  [${SCOPES[g.scope]}]`);
  }
  if (found.teams.length > 0) lines.push(`member of: ${found.teams.join(', ')}`);
  lines.push('mappings in force:');
  for (const s of statuses.map(statusJson)) {
    const head = `  ${s.file} (${s.repository})`;
    lines.push(s.inForce ? `${head}: commit ${s.inForce.commit.slice(0, 7)}, accepted from ${s.inForce.acceptedBy} at ${s.inForce.acceptedAt}` : `${head}: none accepted${s.file === 'tenant.yml' ? ' (built-in defaults apply)' : ''}`);
    const r = s.latestChangeRefused;
    if (r) lines.push(`    latest change REFUSED: commit ${r.commit?.slice(0, 7) ?? 'none'} by ${r.author} at ${r.at}: ${r.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `imagefactory whois LOGIN --repo OWNER/NAME [--format text|json]`: the login's effective roles in the
 * repository, where each comes from, and where each mapping stands (in force, latest change refused).
 * Exit 0 when answered (holding no role included), 1 when GitHub or the database fails, 2 for bad input.
 */
export async function runWhois(args: WhoisArgs, io: Io, env: Env = process.env): Promise<number> {
  const format = args.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) return usage(io, `--format ${JSON.stringify(format)} is not valid: expected text or json`);
  if (args.login === undefined || !LOGIN.test(args.login)) return usage(io, `expected a GitHub login, got ${JSON.stringify(args.login ?? '')}`);
  const ref = args.repo === undefined ? undefined : parseRepository(args.repo);
  if (ref === undefined) return usage(io, `--repo OWNER/NAME is required, got ${JSON.stringify(args.repo ?? '')}`);
  const config = loadConfig(env);
  const { createGitHubClient } = await import('../../github/github-client.js');
  const github = createGitHubClient({ baseUrl: config.githubApiUrl, token: config.githubToken, warn: (m) => io.err(m) });
  let opened: OpenDatabase | undefined;
  try {
    const repository = await getRepository(github, ref);
    if (repository === undefined) {
      io.err(`imagefactory whois: ${args.repo} not found at ${config.githubApiUrl}${config.githubToken ? '' : ' (no GITHUB_TOKEN: private repositories are not visible)'}`);
      return 1;
    }
    const tenantId = tenantIdOf(repository);
    opened = await openDatabase(config);
    const deps = { db: opened.db, teams: new TeamMemberships(github), systemRoles: config.systemRoles };
    const found = await effectiveRoles(deps, { tenantId, repository, login: args.login });
    const sources = [tenantMappingSource(repository.owner), projectMappingSource(repository)];
    const statuses = await Promise.all(sources.map((s) => mappingStatus(opened!.db, tenantId, s)));
    if (format === 'json') {
      const report = { login: found.login, repository: repository.fullName, tenantId, roles: found.roles, grants: found.grants, assigned: found.assigned, teams: found.teams, mappings: statuses.map(statusJson) };
      io.out(`${JSON.stringify(report, null, 2)}\n`);
    } else io.out(formatWhois(repository, found, statuses));
    return 0;
  } catch (err) {
    io.err(`imagefactory whois: ${databaseError(err).message}`);
    return failureStatus(err);
  } finally {
    await opened?.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('whois')
    .description("Show a person's effective roles in a repository and where each came from.")
    .argument('[login]', 'a GitHub login')
    .option('--repo <owner/name>', 'the repository (a project), e.g. acme/api')
    .addOption(new Option('--format <format>', 'text (default) or json').choices([...FORMATS]))
    .addHelpText(
      'after',
      `
Roles come from three places, read in this order:
  system roles   the app's configuration, IMAGEFACTORY_SYSTEM_ROLES ("alice=system-admin,bob=global-auditor")
  tenant roles   tenant.yml in OWNER/.imagefactory (a project role there applies to every project)
  project roles  roles: in the repository's .imagefactory.yml
Only the mappings in force count: the ones accepted from the default branch (never a pull request), whose
author was allowed to change them. Teams (@org/team) are looked up on GitHub.

For each mapping it also says which commit is in force and, when its latest change was refused, who made
it and why (the refusal is in the audit trail as roles.refused).

Uses GITHUB_API_URL (default https://api.github.com) and GITHUB_TOKEN (needs to read the repository, the
organization's team memberships), and the database (DATABASE_URL, or the local one). See
docs/roles-and-mappings.md.

Exit status: 0 answered (holding no role included), 1 GitHub or the database failed, 2 bad arguments.

Examples:
  imagefactory whois alice --repo acme/api
  imagefactory whois alice --repo acme/api --format json`,
    )
    .action(async (login: string | undefined, opts: Omit<WhoisArgs, 'login'>) => {
      process.exitCode = await runWhois({ ...opts, login }, io);
    });
}
