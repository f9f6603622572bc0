import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database, Transaction } from '../db/database.js';
import type { RoleMapping } from '../db/schema/role-mappings.js';
import { withTenant } from '../db/with-tenant.js';
import { formatProblem } from '../manifest/problem.js';
import { getRepository } from '../github/repository.js';
import type { PushedBy } from './change-author.js';
import type { RoleDeps } from './grants-under.js';
import { judgeMappingChange, type InForce } from './judge-mapping-change.js';
import { loadMappingAtDefaultBranch, type LoadedMapping } from './load-mapping.js';
import { sameContent } from './mapping-change.js';
import type { MappingRefresh } from './mapping-refresh.js';
import { repositoryName, tenantMappingSource, type MappingSource } from './mapping-source.js';
import { lockMappingSource, readMappingInForce, replaceMappingInForce, ROLES_ACCEPTED, ROLES_REFUSED } from './mapping-store.js';

export interface RefreshRequest {
  /** The tenant the source belongs to (`github:<account id>`); its row must exist (ensureTenant). */
  tenantId: string;
  source: MappingSource;
  /** The push event that brought the change, when the caller has one: its sender and commit ids. */
  pushedBy?: PushedBy;
}

const ATTEMPTS = 3;

async function readInForce(tx: Transaction, source: MappingSource): Promise<InForce> {
  const row = await readMappingInForce(tx, source.id);
  const tenantRow = source.kind === 'project' ? await readMappingInForce(tx, tenantMappingSource(source.repository.owner).id) : undefined;
  return { row, tenantRow };
}

function sameRow(a: RoleMapping | undefined, b: RoleMapping | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.commitSha === b.commitSha && sameContent(a.content, b.content);
}

/** Writes the outcome: the new mapping in force and `roles.accepted`, or `roles.refused` alone. False when the mapping in force moved meanwhile. */
async function record(db: Database, request: RefreshRequest, loaded: LoadedMapping, judged: InForce, outcome: MappingRefresh): Promise<boolean> {
  if (outcome.outcome === 'unchanged') return true;
  const { tenantId, source } = request;
  return withTenant(db, tenantId, async (tx) => {
    await lockMappingSource(tx, tenantId, source.id);
    const current = await readInForce(tx, source);
    if (!sameRow(current.row, judged.row) || !sameRow(current.tenantRow, judged.tenantRow)) return false;
    const from = judged.row?.commitSha ?? 'none';
    const project = repositoryName(source);
    if (outcome.outcome === 'accepted') {
      const content = loaded.state === 'valid' ? loaded.content : undefined;
      const acceptedAt = new Date();
      const accepted = content && outcome.commitSha ? { commitSha: outcome.commitSha, content, acceptedBy: outcome.author.login, acceptedAt } : undefined;
      await replaceMappingInForce(tx, tenantId, source.id, accepted);
      await appendAuditEvent(tx, {
        actor: outcome.author.login,
        action: ROLES_ACCEPTED,
        project,
        decision: 'allow',
        reason: outcome.allowedAs.join('; '),
        data: { source: source.id, commit: outcome.commitSha ?? null, previous: judged.row?.commitSha ?? null, author_via: outcome.author.via, bootstrap: outcome.bootstrap, removed: outcome.removed },
        at: acceptedAt,
        idempotencyKey: `${ROLES_ACCEPTED}:${source.id}:${from}->${outcome.commitSha ?? 'none'}`,
      });
      return true;
    }
    await appendAuditEvent(tx, {
      actor: outcome.author?.login ?? 'unknown',
      action: ROLES_REFUSED,
      project,
      decision: 'deny',
      reason: outcome.reason,
      data: {
        source: source.id,
        commit: outcome.commitSha ?? null,
        in_force: judged.row?.commitSha ?? null,
        author_via: outcome.author?.via ?? null,
        decision_source: outcome.decisionSource,
        problems: outcome.problems.map(formatProblem),
      },
      idempotencyKey: `${ROLES_REFUSED}:${source.id}:${from}->${outcome.commitSha ?? 'none'}:${outcome.author?.login ?? 'unknown'}`,
    });
    return true;
  });
}

/**
 * Brings a mapping source's mapping in force up to date with its repository's default branch (read there
 * only, never from a pull request). When the content differs from the mapping in force, the change's
 * author must be allowed to make it under the mapping in force (see judgeMappingChange): accepted, the new
 * mapping replaces the old and `roles.accepted` is audited; refused, the old one stays and `roles.refused`
 * is audited with the reason and its source, and returned so the bot can tell the author. Refreshing
 * again changes nothing and audits nothing twice.
 */
export async function refreshMapping(deps: RoleDeps, request: RefreshRequest): Promise<MappingRefresh> {
  const repository = await getRepository(deps.github, request.source.repository);
  const loaded = await loadMappingAtDefaultBranch(deps.github, request.source, repository);
  for (let attempt = 1; ; attempt += 1) {
    const inForce = await withTenant(deps.db, request.tenantId, (tx) => readInForce(tx, request.source));
    const outcome = await judgeMappingChange(deps, { ...request, repository, loaded, inForce, now: new Date() });
    if (await record(deps.db, request, loaded, inForce, outcome)) return outcome;
    if (attempt === ATTEMPTS) throw new Error(`the mapping in force for ${request.source.id} changed ${ATTEMPTS} times while being refreshed; try again`);
  }
}
