import { auditHash, GENESIS_HASH, type AuditHashInput } from './audit-hash.js';

export type AuditBreakReason = 'hash mismatch' | 'prev_hash mismatch' | 'gap in seq';

/** Why a row does not fit the chain: the reason and a sentence saying what was expected and found. */
export interface ChainMisfit {
  reason: AuditBreakReason;
  detail: string;
}

/**
 * Checks rows ordered by tenant, then seq, one at a time: each row's seq follows the previous row of its
 * tenant, its prev_hash is that row's hash (64 zeros for seq 1), and its hash is the hash of its content.
 * `partial`: a tenant's first row may start anywhere (an export `--since`); its own hash is still checked,
 * and so is its prev_hash when it is seq 1.
 */
export class AuditChainWalker {
  private previous: { tenantId: string; seq: number; hash: string } | undefined;
  /** The last row seen of each tenant. */
  readonly heads = new Map<string, { seq: number; hash: string }>();

  constructor(private readonly opts: { partial?: boolean } = {}) {}

  next(row: AuditHashInput & { hash: string }): ChainMisfit | undefined {
    const sameTenant = this.previous?.tenantId === row.tenantId;
    const starts = !sameTenant && this.opts.partial && row.seq !== 1;
    const expectedSeq = sameTenant ? this.previous!.seq + 1 : 1;
    const expectedPrev = sameTenant ? this.previous!.hash : GENESIS_HASH;
    this.previous = { tenantId: row.tenantId, seq: row.seq, hash: row.hash };
    this.heads.set(row.tenantId, { seq: row.seq, hash: row.hash });
    if (!starts && row.seq !== expectedSeq) return { reason: 'gap in seq', detail: `expected seq ${expectedSeq}, found ${row.seq}` };
    if (!starts && row.prevHash !== expectedPrev) {
      return { reason: 'prev_hash mismatch', detail: `prev_hash is ${row.prevHash}, but the previous row's hash is ${expectedPrev}` };
    }
    const recomputed = auditHash(row);
    if (row.hash !== recomputed) return { reason: 'hash mismatch', detail: `stored hash ${row.hash}, content hashes to ${recomputed}` };
    return undefined;
  }
}
