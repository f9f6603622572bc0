import { describe, expect, it } from '@jest/globals';
import { auditCanonicalString, auditHash, canonicalJson, GENESIS_HASH, type AuditHashInput } from '../../../db/audit-hash.js';

const row: AuditHashInput = {
  tenantId: 'github:42',
  seq: 1,
  at: new Date('2024-05-01T12:00:00Z'),
  actor: 'alice',
  action: 'approval.decided',
  project: 'acme/api',
  buildId: null,
  decision: 'approve',
  reason: null,
  data: { b: 1, a: [2, { y: 'é', x: null, gone: undefined }] },
  idempotencyKey: null,
  prevHash: GENESIS_HASH,
};

describe('the audit hash serialization (version 1)', () => {
  it('is the documented string, byte for byte', () => {
    expect(auditCanonicalString(row)).toBe(
      '{"v":1,"tenant_id":"github:42","seq":1,"at":"2024-05-01T12:00:00.000Z","actor":"alice","action":"approval.decided",' +
        '"project":"acme/api","build_id":null,"decision":"approve","reason":null,"data":{"a":[2,{"x":null,"y":"é"}],"b":1},' +
        '"idempotency_key":null,"prev_hash":"0000000000000000000000000000000000000000000000000000000000000000"}',
    );
  });

  it('hashes to the sha256 computed outside this code (sha256sum of the string above)', () => {
    expect(auditHash(row)).toBe('6c024cfda05cf901ff8c63cc3ae0ddba21e472a5c1457ade1a7cc93b7843ea7e');
  });

  it('does not depend on key order, and treats missing like null', () => {
    const reordered = { ...row, data: { a: [2, { x: null, y: 'é' }], b: 1 } };
    expect(auditHash(reordered)).toBe(auditHash(row));
    const missing = { ...row, reason: undefined, buildId: undefined } as unknown as AuditHashInput;
    expect(auditHash(missing)).toBe(auditHash(row));
  });

  it('changes with every field', () => {
    const base = auditHash(row);
    const variants: Partial<AuditHashInput>[] = [
      { tenantId: 'github:43' },
      { seq: 2 },
      { at: new Date('2024-05-01T12:00:00.001Z') },
      { actor: 'bob' },
      { action: 'x' },
      { project: null },
      { buildId: 'b' },
      { decision: 'reject' },
      { reason: '' },
      { data: null },
      { idempotencyKey: 'k' },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(auditHash({ ...row, ...v })).not.toBe(base);
  });

  it('refuses an invalid date', () => {
    expect(() => auditHash({ ...row, at: new Date('nope') })).toThrow(/valid Date/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, writes no whitespace', () => {
    expect(canonicalJson({ z: { b: 1, a: [3, 1, { d: 1, c: 2 }] }, a: 'x' })).toBe('{"a":"x","z":{"a":[3,1,{"c":2,"d":1}],"b":1}}');
  });

  it('agrees with what jsonb gives back: undefined dropped, Dates as ISO strings, null kept', () => {
    const value = { when: new Date('2024-01-02T03:04:05.006Z'), skip: undefined, keep: null, list: [undefined] };
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
    expect(canonicalJson(value)).toBe('{"keep":null,"list":[null],"when":"2024-01-02T03:04:05.006Z"}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
