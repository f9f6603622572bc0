import { ApplicationFailure } from '@temporalio/activity';
import { loadAuditSigner } from '../db/audit-key.js';
import type { Database } from '../db/database.js';
import { checkpointMovedHeads } from '../db/sign-audit-checkpoints.js';

/** What a scheduled checkpoint run signed: each tenant whose head moved, at its new head. */
export interface CheckpointRunResult {
  keyId: string;
  signed: { tenantId: string; seq: number }[];
}

/** The activity the audit checkpoint schedule's workflow calls. */
export function auditCheckpointActivities(deps: { db: Database; auditKeyPath: string }) {
  return {
    /**
     * Signs the chain head of every tenant whose head moved since its last checkpoint by this key. The key
     * is read on each run (a key made after the worker started is used); none is a non-retryable failure
     * naming IMAGEFACTORY_AUDIT_KEY. Running twice signs nothing twice.
     */
    async signAuditCheckpoints(): Promise<CheckpointRunResult> {
      const key = await loadAuditSigner(deps.auditKeyPath);
      if (!key.ok) throw ApplicationFailure.nonRetryable(key.problem, 'NoSigningKey');
      const signed = await checkpointMovedHeads(deps.db, key.signer);
      return { keyId: key.signer.keyId, signed: signed.map((c) => ({ tenantId: c.tenantId, seq: c.seq })) };
    },
  };
}
