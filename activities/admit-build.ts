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
import { notificationAudiences, type NotificationAudiences } from '../policies/notification-audiences.js';
import type { BuildAction } from '../policies/authorize-build.js';
import type { ActorResolver, BuildScope } from '../roles/actor-resolver.js';
import { TenantConfigError } from '../roles/local-tenant.js';
import type { Mailer } from './mailer.js';
import { deliverableChannels, onChannels } from './notification-channels.js';
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

/** An admission with who hears about the build (a refused one too: its failure is told). */
export type BuildAdmission = Admission & { audiences: NotificationAudiences };

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

/**
 * Creates (or, for a new run of the same build, resets) the build's row, with its project, and returns who
 * started the earlier run (the row as it was, read in the same transaction; undefined for a new build). A
 * retry leaves that author on the row: it becomes the retrier's only once admitted (`takeAuthorship`), so a
 * refused retry, or an attempt of this activity run again, is judged against the same earlier author.
 */
async function recordBuildRow(db: Database, input: ImageBuildInput): Promise<string | undefined> {
  await ensureTenantExists(db, input.tenantId);
  return withTenant(db, input.tenantId, async (tx) => {
    const [earlier] = await tx.select({ authorLogin: builds.authorLogin }).from(builds).where(eq(builds.id, input.buildId));
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
      trigger: input.trigger,
      digest: null,
      tags: [],
      error: null,
      startedAt: new Date(input.requestedAt),
      finishedAt: null,
      updatedAt: new Date(),
    };
    const author = { authorLogin: input.requestedBy.login };
    await tx
      .insert(builds)
      .values({ id: input.buildId, ...row, ...author })
      .onConflictDoUpdate({ target: builds.id, set: input.retry ? row : { ...row, ...author } });
    await tx.delete(buildSteps).where(eq(buildSteps.buildId, input.buildId));
    return earlier?.authorLogin;
  });
}

/**
 * The permission a run asks for: Retry Build, judged against who started the earlier run (as the database
 * says), for a retry of a build that ran; Create Build otherwise (a retry of nothing is a new build).
 */
function buildAction(input: ImageBuildInput, earlierAuthor: string | undefined): { action: BuildAction; author?: string } {
  return input.retry && earlierAuthor !== undefined ? { action: 'retry-build', author: earlierAuthor } : { action: 'create-build' };
}

/**
 * What the build.requested event keeps of the manifest for later: the image's `scan:` and the `notify:` as
 * written, which a re-scan of the promoted image judges and tells by (activities/rescan-images.ts).
 */
const manifestSettings = (input: ImageBuildInput) => ({ scan: input.config.scan ?? null, notify: input.notify ?? null });

/**
 * Who acts and whether a build may run, decided by the worker from the mappings and the tenant
 * configuration in force now, never from what the caller said about roles.
 */
export function governanceActivities(deps: { db: Database; governance: ActorResolver; mailer?: Mailer }) {
  return {
    /** A person's roles and teams for a decision on a build, from the mappings in force at this moment. */
    async resolveActor({ scope, actor, teams }: ResolveActorInput): Promise<ResolvedActor> {
      return resolving(() => deps.governance.resolve(scope, actor, teams));
    },

    /**
     * Records the build and decides whether it may run: the tenant's floor over the image's settings, the
     * allowed registries, and the requester's permission for the method: Create Build, or for a retry
     * (`input.retry`) Retry Build judged against who started the earlier run as the database says, never
     * the caller. The request is audited, allowed or refused, with the action, the roles resolved for the
     * requester (and a retry's earlier author). Returns the settings the build runs with, and who hears
     * about it: the manifest's `notify:` over tenant.yml's defaults in force, on the channels this worker
     * delivers on.
     */
    async admitBuild({ input, idempotencyKey }: AdmitBuildInput): Promise<BuildAdmission> {
      const asked = buildAction(input, await recordBuildRow(deps.db, input));
      const scope = buildScopeOf(input);
      const [tenant, requester] = await resolving(() => Promise.all([deps.governance.tenantConfig(scope), deps.governance.resolve(scope, input.requestedBy)]));
      const standing = await readStanding(deps.db, input.tenantId, input.repository);
      const admission = admitImage({ image: input.config, release: input.registry, tenant, tenantId: input.tenantId, requester, now: new Date(), standing, repository: input.repository, ...asked });
      await withTenant(deps.db, input.tenantId, async (tx) => {
        if (asked.action === 'retry-build' && admission.ok) await tx.update(builds).set({ authorLogin: input.requestedBy.login }).where(eq(builds.id, input.buildId));
        await appendAuditEvent(tx, {
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
            ...asked,
            ...resolutionRecord(requester),
            ...(admission.ok ? { policies: { scan: admission.config.scan.policy, promotion: admission.config.approval.policies }, tenant_config: tenant.label, manifest: manifestSettings(input) } : { source: admission.source }),
          },
          idempotencyKey,
        });
      });
      return { ...admission, audiences: onChannels(notificationAudiences(input.notify, tenant.notify), deliverableChannels(deps)) };
    },
  };
}
