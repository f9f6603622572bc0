import type Docker from 'dockerode';
import { Context } from '@temporalio/activity';
import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { quarantines } from '../db/schema/quarantines.js';
import { withTenant } from '../db/with-tenant.js';
import { copyImage } from './registry/copy-image.js';
import { pushImage } from './registry/push-image.js';
import type { RegistryCredentials } from './registry/registry-auth.js';
import type { RegistryClient } from './registry/registry-client.js';

interface Target {
  buildId: string;
  tenantId: string;
}

export interface PushCandidateInput extends Target {
  localRef: string;
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
 * registry API (quarantine, release tags, promotion), never a rebuild. Each is idempotent: a retried
 * activity finds the registry already holding what it wrote, changes nothing and audits nothing twice.
 */
export function imageTransferActivities(deps: { db: Database; docker: Docker; registry: RegistryClient; registryCredentials: RegistryCredentials }) {
  const audit = (t: Target, action: string, data: Record<string, unknown>, key: string) =>
    withTenant(deps.db, t.tenantId, (tx) => appendAuditEvent(tx, { actor: 'imagefactory', action, buildId: t.buildId, data, idempotencyKey: `${t.buildId}/${key}` }));

  return {
    async pushCandidate(input: PushCandidateInput): Promise<{ digest: string; pushed: boolean }> {
      const result = await pushImage(
        { docker: deps.docker, registry: deps.registry, credentials: deps.registryCredentials },
        { image: input.localRef, repository: input.repository, tags: [input.tag], signal: Context.current().cancellationSignal },
      );
      await audit(input, 'image.pushed', { repository: result.repository, digest: result.digest, tags: result.tags, uploaded: result.pushed }, `pushed/${result.digest}`);
      return { digest: result.digest, pushed: result.pushed };
    },

    async holdInQuarantine(input: HoldInput): Promise<{ ref: string }> {
      const copied = await copyImage(deps.registry, input.from, input.repository, [input.tag]);
      await withTenant(deps.db, input.tenantId, async (tx) => {
        await tx
          .insert(quarantines)
          .values({ tenantId: input.tenantId, buildId: input.buildId, reason: input.reasons.join('; '), findings: { reasons: input.reasons, ref: copied.destination } })
          .onConflictDoUpdate({
            target: [quarantines.tenantId, quarantines.buildId],
            set: { reason: input.reasons.join('; '), status: 'held', decidedBy: null, decidedAt: null, decisionReason: null },
          });
        await appendAuditEvent(tx, { actor: 'imagefactory', action: 'image.quarantined', buildId: input.buildId, reason: input.reasons.join('; '), data: { ref: copied.destination }, idempotencyKey: `${input.buildId}/quarantined/${copied.digest}` });
      });
      return { ref: copied.destination };
    },

    async publishImage(input: PublishInput): Promise<{ digest: string; tags: string[]; changed: boolean }> {
      const copied = await copyImage(deps.registry, input.from, input.repository, input.tags);
      const action = input.promotion ? 'image.promoted' : 'image.published';
      await audit(input, action, { from: input.from, to: copied.destination, tags: input.tags, changed: copied.changed }, `${action}/${input.repository}/${copied.digest}`);
      return { digest: copied.digest, tags: input.tags, changed: copied.changed };
    },
  };
}
