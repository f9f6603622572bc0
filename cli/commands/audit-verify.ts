import { readAuditPublicKey } from '../../db/audit-key.js';
import type { Database } from '../../db/database.js';
import { verifyAuditCheckpoints } from '../../db/verify-audit-checkpoints.js';
import { verifyAuditExport } from '../../db/verify-audit-export.js';
import type { Io } from '../io.js';
import type { VerifyingKeys } from './audit-keys.js';

/**
 * `imagefactory audit verify --export FILE --public-key KEY`: checks an export with the public key alone,
 * no database. Exit 0 verified, 1 refused (each problem on its own line), 2 bad arguments.
 */
export async function runVerifyExport(file: string, publicKeys: string[] | undefined, io: Io): Promise<number> {
  if (!publicKeys || publicKeys.length !== 1) {
    io.err('imagefactory audit verify: --export needs exactly one --public-key FILE: the public key the auditor trusts (from `imagefactory audit public-key`), not the one inside the export');
    return 2;
  }
  const key = await readAuditPublicKey(publicKeys[0]);
  if (!key.ok) {
    io.err(`imagefactory audit verify: ${key.problem}`);
    return 2;
  }
  const result = await verifyAuditExport(file, key);
  if (result.ok) {
    const events = `${result.events} event${result.events === 1 ? '' : 's'} of ${result.tenants} tenant${result.tenants === 1 ? '' : 's'}`;
    io.out(`export ${file} verified with key ${key.keyId}: ${events}, signed at ${result.exportedAt}; every event hashes and links, and each tenant's last event is the one its checkpoint covers`);
    return 0;
  }
  io.out(`export ${file} REFUSED (key ${key.keyId}):`);
  for (const problem of result.problems) io.out(`  ${problem}`);
  return 1;
}

/**
 * After the chain check of `imagefactory audit verify`: compares the chain with its signed checkpoints and
 * prints what it found. Returns false when something is wrong.
 */
export async function reportCheckpoints(db: Database, keys: Extract<VerifyingKeys, { ok: true }>, tenantId: string | undefined, io: Io): Promise<boolean> {
  const scope = tenantId === undefined ? '' : ` for tenant ${tenantId}`;
  const result = await verifyAuditCheckpoints(db, { tenantId, publicKeys: keys.keys });
  if (keys.note && result.checked > 0) io.out(`checkpoints NOT CHECKED${scope}: ${keys.note}`);
  for (const p of result.problems) io.out(`audit trail BROKEN${scope}: tenant ${p.tenantId}: ${p.detail}`);
  if (result.problems.length === 0) {
    const ids = keys.keys.map((k) => k.keyId).join(', ');
    io.out(`checkpoints verified${scope}: ${result.checked} checkpoint${result.checked === 1 ? '' : 's'} of ${result.tenants} tenant${result.tenants === 1 ? '' : 's'}${ids ? ` with key ${ids}` : ''}; no rows missing, no row rewritten`);
  }
  if (result.uncovered.length > 0) {
    io.out(`no checkpoint yet for ${result.uncovered.length} tenant${result.uncovered.length === 1 ? '' : 's'}: ${result.uncovered.join(', ')} (the schedule signs moved heads every IMAGEFACTORY_CHECKPOINT_INTERVAL; every export signs too)`);
  }
  return result.problems.length === 0;
}
