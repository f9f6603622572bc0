import type Docker from 'dockerode';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { appendAuditEvent, recordAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { quarantines } from '../db/schema/quarantines.js';
import { withTenant } from '../db/with-tenant.js';
import { checkDestination } from '../policies/registry-policy.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import { releaseRepositoryOf } from '../workflows/image-locations.js';
import { copyImage } from './registry/copy-image.js';
import { PushFailedError, pushImage } from './registry/push-image.js';
import type { RegistryCredentials } from './registry/registry-auth.js';
import type { RegistryClient } from './registry/registry-client.js';
import { runKey } from './run-key.js';

interface Target {
  buildId: string;
  tenantId: string;
  /** The build's project (`owner/name`, or the local folder's name): its tenant's configuration says where images may go. */
  project: string;
}

export interface PushCandidateInput extends Target {
  localRef: string;
  /** The staging repository. */
  repository: string;
  tag: string;
}

export interface HoldInput extends Target {
  from: string;
  repository: string;
  tag: string;
  reasons: string[];
}

export interface PublishInput extends Target {
  from: string;
  repository: string;
  tags: string[];
  /** True for the final promotion (audited as image.promoted). */
  promotion?: boolean;
}

/**
 * Moving images between places: the candidate push through the engine, then copies by digest through the
 * registry API (quarantine, release tags, promotion), never a rebuild. Each destination is checked again
 * here against the registries the tenant allows (its tenant.yml in force), and a refusal is audited. Each
 * is idempotent: a retried activity finds the registry already holding what it wrote, changes nothing and
 * audits nothing twice; a new run of the build (a rebuild) is audited anew.
 */
export function imageTransferActivities(deps: { db: Database; docker: Docker; registry: RegistryClient; registryCredentials: RegistryCredentials; governance: ActorResolver }) {
  const audit = (t: Target, action: string, data: Record<string, unknown>, what: string) =>
    recordAuditEvent(deps.db, t.tenantId, { actor: 'imagefactory', action, buildId: t.buildId, data, idempotencyKey: runKey(t.buildId, what) });

  /** The tenant's registries must allow the destination (a staging or quarantine repository: its release repository). */
  async function allowed(t: Target, destination: string): Promise<void> {
    const project = t.project;
    const tenant = await deps.governance.tenantConfig({ tenantId: t.tenantId, repository: project });
    const verdict = checkDestination(releaseRepositoryOf(destination), tenant.registries, tenant.label);
    if (verdict.ok) return;
    await recordAuditEvent(deps.db, t.tenantId, { actor: 'imagefactory', action: 'image.refused', project, buildId: t.buildId, decision: 'deny', reason: verdict.reason, data: { destination, source: verdict.source }, idempotencyKey: runKey(t.buildId, `refused/${destination}`) });
    throw ApplicationFailure.nonRetryable(`refused: ${verdict.reason} (${verdict.source})`, 'DestinationRefused');
  }

  const heartbeat = () => Context.current().heartbeat();

  return {
    async pushCandidate(input: PushCandidateInput): Promise<{ digest: string; pushed: boolean }> {
      await allowed(input, input.repository);
      const result = await pushImage(
        { docker: deps.docker, registry: deps.registry, credentials: deps.registryCredentials },
        { image: input.localRef, repository: input.repository, tags: [input.tag], signal: Context.current().cancellationSignal, heartbeat },
      ).catch((err: unknown) => {
        // A push the registry refuses (denied, no such image) fails once, in its own words; a lost connection is retried.
        if (err instanceof PushFailedError && !err.retryable) throw ApplicationFailure.nonRetryable(err.message, 'PushFailed');
        throw err;
      });
      await audit(input, 'image.pushed', { repository: result.repository, digest: result.digest, tags: result.tags, uploaded: result.pushed }, `pushed/${result.digest}`);
      return { digest: result.digest, pushed: result.pushed };
    },

    async holdInQuarantine(input: HoldInput): Promise<{ ref: string }> {
      await allowed(input, input.repository);
      const copied = await copyImage(deps.registry, input.from, input.repository, [input.tag], { heartbeat });
      await withTenant(deps.db, input.tenantId, async (tx) => {
        await tx
          .insert(quarantines)
          .values({ tenantId: input.tenantId, buildId: input.buildId, reason: input.reasons.join('; '), findings: { reasons: input.reasons, ref: copied.destination } })
          .onConflictDoUpdate({
            target: [quarantines.tenantId, quarantines.buildId],
            set: { reason: input.reasons.join('; '), status: 'held', decidedBy: null, decidedAt: null, decisionReason: null },
          });
        await appendAuditEvent(tx, { actor: 'imagefactory', action: 'image.quarantined', buildId: input.buildId, reason: input.reasons.join('; '), data: { ref: copied.destination }, idempotencyKey: runKey(input.buildId, `quarantined/${copied.digest}`) });
      });
      return { ref: copied.destination };
    },

    async publishImage(input: PublishInput): Promise<{ digest: string; tags: string[]; changed: boolean }> {
      await allowed(input, input.repository);
      const copied = await copyImage(deps.registry, input.from, input.repository, input.tags, { heartbeat });
      const action = input.promotion ? 'image.promoted' : 'image.published';
      await audit(input, action, { from: input.from, to: copied.destination, tags: input.tags, changed: copied.changed }, `${action}/${input.repository}/${copied.digest}`);
      return { digest: copied.digest, tags: input.tags, changed: copied.changed };
    },
  };
}
