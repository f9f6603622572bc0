import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { checkpointStatement, exportStatement } from '../../../db/audit-checkpoint-statement.js';
import { auditKeyId, publicKeyPem, verifyAuditSignature } from '../../../db/audit-key.js';

const HASH = 'ab'.repeat(32);

describe('the canonical texts audit signatures cover (docs/data-model.md)', () => {
  it('a checkpoint: fixed key order, no whitespace, milliseconds', () => {
    expect(checkpointStatement({ tenantId: 'github:42', seq: 57, hash: HASH, signedAt: new Date('2026-05-01T12:00:00Z'), keyId: '0123456789abcdef' })).toBe(
      `{"v":1,"type":"imagefactory.audit-checkpoint","tenant_id":"github:42","seq":57,"hash":"${HASH}","signed_at":"2026-05-01T12:00:00.000Z","key_id":"0123456789abcdef"}`,
    );
  });

  it('an export: its scope, count, key and checkpoint signatures', () => {
    expect(
      exportStatement({ exportedAt: new Date('2026-05-01T12:00:00.5Z'), tenant: null, since: new Date('2026-04-01T00:00:00Z'), eventCount: 3, keyId: 'k', checkpointSignatures: ['s1', 's2'] }),
    ).toBe('{"v":1,"type":"imagefactory.audit-export","exported_at":"2026-05-01T12:00:00.500Z","tenant":null,"since":"2026-04-01T00:00:00.000Z","event_count":3,"key_id":"k","checkpoints":["s1","s2"]}');
  });

  it('an auditor can check a checkpoint with OpenSSL alone, and the key id is the sha256 of the SPKI DER', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const text = checkpointStatement({ tenantId: 'github:42', seq: 3, hash: HASH, signedAt: new Date(), keyId: auditKeyId(publicKey) });
    const signature = sign(null, Buffer.from(text), privateKey);
    expect(verifyAuditSignature(publicKey, text, signature.toString('base64'))).toBe(true);
    expect(verifyAuditSignature(publicKey, text.replace('"seq":3', '"seq":4'), signature.toString('base64'))).toBe(false);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'imagefactory-openssl-'));
    try {
      writeFileSync(path.join(dir, 'pub.pem'), publicKeyPem(publicKey));
      writeFileSync(path.join(dir, 'stmt.txt'), text);
      writeFileSync(path.join(dir, 'sig.bin'), signature);
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'stmt.txt', '-sigfile', 'sig.bin'], { cwd: dir }).toString();
      expect(out).toContain('Signature Verified Successfully');
      const der = execFileSync('openssl', ['pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER'], { cwd: dir });
      expect(createHash('sha256').update(der).digest('hex').slice(0, 16)).toBe(auditKeyId(publicKey));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
