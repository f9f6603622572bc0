import { ApplicationFailure } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { ensureTenantExists } from '../db/ensure-tenant.js';
import { readStanding } from '../db/tenant-lifecycle.js';
import { buildSteps } from '../db/schema/build-steps.js';
import { builds } from '../db/schema/builds.js';
import { projects } from '../db/schema/projects.js';
import { withTenant } from '../db/with-tenant.js';
import { resolutionRecord, type ActorRef, type ResolvedActor } from '../policies/actor.js';
import { admitImage, type Admission } from '../policies/admit-image.js';
import type { ActorResolver, BuildScope } from '../roles/actor-resolver.js';
import { TenantConfigError } from '../roles/local-tenant.js';
import type { ImageBuildInput } from '../workflows/image-build-types.js';

export interface AdmitBuildInput {
  input: ImageBuildInput;
  idempotencyKey: string;
}

export interface ResolveActorInput {
  scope: BuildScope;
  actor: ActorRef;
  /** Teams the decision names (the approval's subjects): asked about too. */
  teams?: string[];
}

export const buildScopeOf = (input: Pick<ImageBuildInput, 'tenantId' | 'repository' | 'source'>): BuildScope => ({
  tenantId: input.tenantId,
  repository: input.repository,
  localDir: input.source.kind === 'local' ? input.source.path : undefined,
});

/** Runs a resolution; a tenant configuration the worker cannot read is a fault no retry fixes, said in its own words. */
async function resolving<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TenantConfigError) throw ApplicationFailure.nonRetryable(err.message, 'TenantConfig');
    throw err;
  }
}

/** Creates (or, for a new run of the same build, resets) the build's row, with its project. */
async function recordBuildRow(db: Database, input: ImageBuildInput): Promise<void> {
  await ensureTenantExists(db, input.tenantId);
  await withTenant(db, input.tenantId, async (tx) => {
    await tx.insert(projects).values({ tenantId: input.tenantId, repository: input.repository }).onConflictDoNothing();
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.repository, input.repository));
    const row = {
      tenantId: input.tenantId,
      projectId: project.id,
      image: input.image,
      commitSha: input.commit.sha,
      ref: input.commit.ref,
      method: input.config.method,
      status: 'queued' as const,
      authorLogin: input.requestedBy.login,
      trigger: input.trigger,
      digest: null,
      tags: [],
      error: null,
      startedAt: new Date(input.requestedAt),
      finishedAt: null,
      updatedAt: new Date(),
    };
    await tx.insert(builds).values({ id: input.buildId, ...row }).onConflictDoUpdate({ target: builds.id, set: row });
    await tx.delete(buildSteps).where(eq(buildSteps.buildId, input.buildId));
  });
}

/**
 * Who acts and whether a build may run, decided by the worker from the mappings and the tenant
 * configuration in force now, never from what the caller said about roles.
 */
export function governanceActivities(deps: { db: Database; governance: ActorResolver }) {
  return {
    /** A person's roles and teams for a decision on a build, from the mappings in force at this moment. */
    async resolveActor({ scope, actor, teams }: ResolveActorInput): Promise<ResolvedActor> {
      return resolving(() => deps.governance.resolve(scope, actor, teams));
    },

    /**
     * Records the build and decides whether it may run: the tenant's floor over the image's settings, the
     * allowed registries, and the requester's permission for the method. The request is audited, allowed
     * or refused, with the roles resolved for the requester. Returns the settings the build runs with.
     */
    async admitBuild({ input, idempotencyKey }: AdmitBuildInput): Promise<Admission> {
      await recordBuildRow(deps.db, input);
      const scope = buildScopeOf(input);
      const [tenant, requester] = await resolving(() => Promise.all([deps.governance.tenantConfig(scope), deps.governance.resolve(scope, input.requestedBy)]));
      const standing = await readStanding(deps.db, input.tenantId, input.repository);
      const admission = admitImage({ image: input.config, release: input.registry, tenant, tenantId: input.tenantId, requester, now: new Date(), standing, repository: input.repository });
      await withTenant(deps.db, input.tenantId, (tx) =>
        appendAuditEvent(tx, {
          actor: input.requestedBy.login,
          action: 'build.requested',
          project: input.repository,
          buildId: input.buildId,
          decision: admission.ok ? 'allow' : 'deny',
          reason: admission.ok ? null : admission.reason,
          data: {
            image: input.image,
            commit: input.commit,
            method: input.config.method,
            trigger: input.trigger,
            ...resolutionRecord(requester),
            ...(admission.ok ? { policies: { scan: admission.config.scan.policy, promotion: admission.config.approval.policies }, tenant_config: tenant.label } : { source: admission.source }),
          },
          idempotencyKey,
        }),
      );
      return admission;
    },
  };
}
