import type { RoleMapping } from '../db/schema/role-mappings.js';
import { formatProblem } from '../manifest/problem.js';
import type { RepositoryInfo } from '../github/repository.js';
import { bootstrapGrants } from './bootstrap-grants.js';
import { changeAuthor, type PushedBy } from './change-author.js';
import { checkMappingChange } from './check-mapping-change.js';
import { grantsUnder, type RoleDeps } from './grants-under.js';
import type { LoadedMapping } from './load-mapping.js';
import { requiredActions, sameContent } from './mapping-change.js';
import { shortSha, type MappingRefresh } from './mapping-refresh.js';
import { mappingInput, tenantMappingSource, type MappingSource } from './mapping-source.js';

/** The mappings in force when a change is judged: the source's own row and, for a project, the tenant's. */
export interface InForce {
  row: RoleMapping | undefined;
  tenantRow: RoleMapping | undefined;
}

export interface JudgeRequest {
  tenantId: string;
  source: MappingSource;
  repository: RepositoryInfo | undefined;
  loaded: LoadedMapping;
  inForce: InForce;
  pushedBy?: PushedBy;
  now: Date;
}

type Refusal = Extract<MappingRefresh, { outcome: 'refused' }>;

function refusal(request: JudgeRequest, fields: Pick<Refusal, 'author' | 'reason' | 'decisionSource' | 'problems'>): Refusal {
  const { source, loaded, inForce } = request;
  const commitSha = loaded.commit?.sha;
  const by = fields.author ? `, by ${fields.author.login}` : '';
  const kept = inForce.row ? `the mapping of commit ${shortSha(inForce.row.commitSha)} stays in force` : 'no mapping is in force';
  const details = fields.problems.length > 0 ? `\n${fields.problems.map(formatProblem).join('\n')}` : '';
  const message = `The change to ${source.label} in ${source.repository.owner}/${source.repository.repo} (commit ${shortSha(commitSha)}${by}) was not applied: ${fields.reason}. Until someone allowed to makes it, ${kept}.${details}`;
  return { outcome: 'refused', source: source.id, commitSha, inForceCommitSha: inForce.row?.commitSha, message, ...fields };
}

/**
 * Decides whether the default branch's content of a mapping source replaces the mapping in force: invalid
 * content never does; the same content needs no decision; otherwise its author must be allowed every
 * required action under the mappings IN FORCE (plus system roles, plus GitHub's administrators when
 * nothing is in force yet). Writes nothing: the caller records the outcome.
 */
export async function judgeMappingChange(deps: RoleDeps, request: JudgeRequest): Promise<MappingRefresh> {
  const { source, loaded, inForce } = request;
  const author = changeAuthor(loaded.commit, request.pushedBy);
  if (loaded.state === 'invalid') {
    const n = loaded.problems.length;
    const schema = source.kind === 'tenant' ? 'manifest/tenant.schema.json' : 'manifest/imagefactory.schema.json';
    return refusal(request, { author, reason: `${source.label} has ${n} problem${n === 1 ? '' : 's'}: ${formatProblem(loaded.problems[0])}`, decisionSource: `validation of ${source.label} (${schema})`, problems: loaded.problems });
  }
  const content = loaded.state === 'valid' ? loaded.content : undefined;
  if (sameContent(inForce.row?.content, content)) return { outcome: 'unchanged', source: source.id, commitSha: inForce.row?.commitSha ?? loaded.commit?.sha };
  const rule = 'the escalation rule (docs/roles-and-mappings.md)';
  if (author === undefined) {
    const why = loaded.commit ? `the author of commit ${shortSha(loaded.commit.sha)} is linked to no GitHub account` : 'no commit shows who changed it';
    return refusal(request, { author, reason: `nobody can be named as the author of the change: ${why}, and no push event names who pushed it`, decisionSource: rule, problems: [] });
  }
  const tenantSource = tenantMappingSource(source.repository.owner);
  const mappings =
    source.kind === 'tenant'
      ? { tenant: mappingInput(source, inForce.row?.content) }
      : { tenant: mappingInput(tenantSource, inForce.tenantRow?.content), project: mappingInput(source, inForce.row?.content) };
  const { grants } = await grantsUnder(deps, author.login, mappings);
  const bootstrap = inForce.row === undefined;
  if (bootstrap) grants.push(...(await bootstrapGrants(deps.github, source, request.repository, author.login)));
  const required = requiredActions(source, inForce.row?.content, content);
  const verdict = checkMappingChange(author.login, grants, required, request.tenantId, request.now);
  if (!verdict.ok) {
    const under = bootstrap ? 'with no mapping in force (bootstrap rule)' : `under the mapping in force (commit ${shortSha(inForce.row?.commitSha)})`;
    return refusal(request, { author, reason: `this commit ${verdict.action.because}; ${under}, ${verdict.reason}`, decisionSource: verdict.source, problems: [] });
  }
  return {
    outcome: 'accepted',
    source: source.id,
    commitSha: loaded.commit?.sha,
    previousCommitSha: inForce.row?.commitSha,
    author,
    bootstrap,
    removed: content === undefined,
    allowedAs: verdict.allowedAs,
  };
}
