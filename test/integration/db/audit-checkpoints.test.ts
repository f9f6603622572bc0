import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, sign } from 'node:crypto';
import type pg from 'pg';
import { runAuditVerify } from '../../../cli/commands/audit.js';
import { bufferIo } from '../../../cli/io.js';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { checkpointStatement } from '../../../db/audit-checkpoint-statement.js';
import { auditHash } from '../../../db/audit-hash.js';
import type { AuditSigner } from '../../../db/audit-key.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import type { AuditEvent } from '../../../db/schema/index.js';
import { checkpointMovedHeads } from '../../../db/sign-audit-checkpoints.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { verifyAuditCheckpoints } from '../../../db/verify-audit-checkpoints.js';
import { withTenant } from '../../../db/with-tenant.js';
import { publicKeyOf, runAuditSigner } from '../../helpers/test-audit-key.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connect, pgFailure, type TestDb } from './db-fixtures.js';

// The trail and its checkpoints get tampered with on purpose: a database of its own.
let database: TestDatabase;
let t: TestDb;
let signer: AuditSigner;
let keys: Awaited<ReturnType<typeof publicKeyOf>>[];

beforeAll(async () => {
  database = await createTestDatabase('checkpoints');
  t = connect(database);
  signer = await runAuditSigner();
  keys = [await publicKeyOf(process.env.IMAGEFACTORY_AUDIT_KEY!)];
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

async function trail(tenant: string, n: number): Promise<AuditEvent[]> {
  await ensureTenant(t.db, { id: tenant, name: tenant });
  const rows = [];
  for (let i = 1; i <= n; i += 1) rows.push(await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'alice', action: `step.${i}`, reason: `r${i}`, data: { i } })));
  return rows;
}

/** What an attacker holding the superuser does: statements with the triggers switched off. */
async function behindTheTriggers(admin: pg.Pool, statements: [string, unknown[]][]): Promise<void> {
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const [statement, params] of statements) await client.query(statement, params);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

const verify = (tenantId: string) => verifyAuditCheckpoints(t.db, { tenantId, publicKeys: keys, pageSize: 2 });

describe('signed checkpoints of each tenant chain head, on the real Postgres', () => {
  it('signs the heads that moved since their last checkpoint, and only those', async () => {
    await trail('cp-x', 3);
    await trail('cp-y', 2);
    const first = await checkpointMovedHeads(t.db, signer);
    expect(first.map((c) => `${c.tenantId}#${c.seq}`)).toEqual(['cp-x#3', 'cp-y#2']);
    expect(first[0]).toMatchObject({ keyId: signer.keyId, signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
    expect(await checkpointMovedHeads(t.db, signer)).toEqual([]);
    await withTenant(t.db, 'cp-x', (tx) => appendAuditEvent(tx, { actor: 'bob', action: 'later' }));
    expect((await checkpointMovedHeads(t.db, signer)).map((c) => `${c.tenantId}#${c.seq}`)).toEqual(['cp-x#4']);
    expect(await verify('cp-x')).toEqual({ checked: 2, tenants: 1, uncovered: [], problems: [] });
  });

  it('names the rows missing from the tail when the owner deletes the newest rows behind the triggers', async () => {
    await trail('cp-tail', 57);
    const [checkpoint] = await checkpointMovedHeads(t.db, signer);
    expect(checkpoint).toMatchObject({ tenantId: 'cp-tail', seq: 57 });
    await behindTheTriggers(t.admin, [["DELETE FROM audit_events WHERE tenant_id = 'cp-tail' AND seq >= 41", []]]);
    // The chain alone cannot see it: what is left still links.
    expect(await verifyAuditChain(t.db, { tenantId: 'cp-tail' })).toEqual({ ok: true, checked: 40 });
    const result = await verify('cp-tail');
    expect(result.problems).toEqual([
      { tenantId: 'cp-tail', kind: 'rows missing', detail: `rows seq 41..57 are missing: checkpoint of ${checkpoint.signedAt.toISOString()} covers seq 57` },
    ]);

    const io = bufferIo();
    const env = { ...process.env, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, LOG_LEVEL: 'silent' };
    expect(await runAuditVerify({ tenant: 'cp-tail' }, io, env)).toBe(1);
    expect(io.stdout).toBe(
      'audit chain intact for tenant cp-tail: 40 events\n' +
        `audit trail BROKEN for tenant cp-tail: tenant cp-tail: rows seq 41..57 are missing: checkpoint of ${checkpoint.signedAt.toISOString()} covers seq 57\n`,
    );
  });

  it('catches a chain rewritten with every hash recomputed, by the hash its checkpoint signed', async () => {
    const rows = await trail('cp-rewrite', 5);
    const [checkpoint] = await checkpointMovedHeads(t.db, signer);
    // Rewrite seq 2 and recompute it and every later row, so the chain links again.
    let prevHash = rows[0].hash;
    const statements: [string, unknown[]][] = [];
    for (const row of rows.slice(1)) {
      const forged = { ...row, reason: row.seq === 2 ? 'nothing happened' : row.reason, prevHash };
      const hash = auditHash(forged);
      statements.push(['UPDATE audit_events SET reason = $1, prev_hash = $2, hash = $3 WHERE id = $4', [forged.reason, prevHash, hash, row.id]]);
      prevHash = hash;
    }
    await behindTheTriggers(t.admin, statements);
    expect(await verifyAuditChain(t.db, { tenantId: 'cp-rewrite' })).toEqual({ ok: true, checked: 5 });
    const result = await verify('cp-rewrite');
    expect(result.problems).toEqual([
      {
        tenantId: 'cp-rewrite',
        kind: 'chain rewritten',
        detail: `the row at seq 5 has hash ${prevHash}, but the checkpoint #${checkpoint.id} of ${checkpoint.signedAt.toISOString()} (seq 5) signed ${rows[4].hash}`,
      },
    ]);
  });

  it('names a checkpoint forged with another key, and one whose signature does not verify', async () => {
    const rows = await trail('cp-forged', 2);
    const other = generateKeyPairSync('ed25519').privateKey;
    const signedAt = new Date('2030-01-01T00:00:00.000Z');
    const fields = { tenantId: 'cp-forged', seq: 2, hash: rows[1].hash, signedAt, keyId: 'deadbeefdeadbeef' };
    const insert = 'INSERT INTO audit_checkpoints (tenant_id, seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)';
    await t.admin.query(insert, ['cp-forged', 2, rows[1].hash, signedAt, 'deadbeefdeadbeef', sign(null, Buffer.from(checkpointStatement(fields)), other).toString('base64')]);
    await t.admin.query(insert, ['cp-forged', 2, rows[1].hash, signedAt, signer.keyId, sign(null, Buffer.from('something else'), other).toString('base64')]);
    const result = await verify('cp-forged');
    expect(result.problems.map((p) => [p.kind, p.detail.replace(/#\d+/, '#N')])).toEqual([
      ['unknown key', `checkpoint #N of 2030-01-01T00:00:00.000Z (seq 2) is signed by key deadbeefdeadbeef, not by the key verified with (${signer.keyId})`],
      ['bad signature', `checkpoint #N of 2030-01-01T00:00:00.000Z (seq 2) does not verify with key ${signer.keyId}: it was forged or altered`],
    ]);
  });

  it('lists a tenant with events but no checkpoint yet, without calling it broken', async () => {
    await trail('cp-new', 1);
    expect(await verify('cp-new')).toEqual({ checked: 0, tenants: 0, uncovered: ['cp-new'], problems: [] });
  });

  it('keeps checkpoints append-only: UPDATE and DELETE are refused even to the superuser', async () => {
    const update = await pgFailure(t.admin.query("UPDATE audit_checkpoints SET hash = repeat('0', 64)"));
    expect(update).toMatchObject({ message: 'audit_checkpoints is append-only: UPDATE is refused', code: '42501' });
    const del = await pgFailure(t.admin.query('DELETE FROM audit_checkpoints'));
    expect(del.message).toBe('audit_checkpoints is append-only: DELETE is refused');
  });
});
