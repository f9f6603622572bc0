import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runAuditPublicKey, runAuditKeygen } from '../../../cli/commands/audit-keys.js';
import { runAuditExport, runAuditVerify } from '../../../cli/commands/audit.js';
import { bufferIo } from '../../../cli/io.js';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { withTenant } from '../../../db/with-tenant.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connect } from './db-fixtures.js';

let database: TestDatabase;
let env: Record<string, string | undefined>;
let dir: string;
let publicKey: string;

beforeAll(async () => {
  database = await createTestDatabase('export_verify');
  dir = await mkdtemp(path.join(os.tmpdir(), 'imagefactory-export-verify-'));
  env = { ...process.env, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, LOG_LEVEL: 'silent' };
  const t = connect(database);
  try {
    for (const tenant of ['github:1', 'github:2']) {
      await ensureTenant(t.db, { id: tenant, name: tenant });
      for (let i = 1; i <= 3; i += 1) {
        await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'alice', action: `act.${i}`, reason: i === 2 ? 'a, "quoted" reason' : `reason ${i}`, data: { i } }));
      }
    }
  } finally {
    await t.close();
  }
  publicKey = path.join(dir, 'audit.pub.pem');
  expect(await runAuditPublicKey({ output: publicKey }, bufferIo(), env)).toBe(0);
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

async function exportTo(name: string, format: 'json' | 'csv', extra: Record<string, string> = {}): Promise<string> {
  const file = path.join(dir, name);
  const io = bufferIo();
  expect(await runAuditExport({ format, output: file }, io, { ...env, ...extra })).toBe(0);
  return file;
}

async function verifyExport(file: string, key = publicKey): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = bufferIo();
  // No database: a DATABASE_URL nobody answers proves it is never opened.
  const code = await runAuditVerify({ export: file, publicKey: [key] }, io, { DATABASE_URL: 'postgres://imagefactory@127.0.0.1:1/none', LOG_LEVEL: 'silent' });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

async function edited(file: string, name: string, edit: (text: string) => string): Promise<string> {
  const copy = path.join(dir, name);
  await writeFile(copy, edit(await readFile(file, 'utf8')));
  return copy;
}

describe('imagefactory audit verify --export FILE --public-key KEY (no database)', () => {
  it('verifies a JSON export with the public key alone', async () => {
    const file = await exportTo('audit.json', 'json');
    const result = await verifyExport(file);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^export ${file} verified with key [0-9a-f]{16}: 6 events of 2 tenants, signed at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; every event hashes and links`));
  });

  it('refuses it after a one-character edit, naming the event', async () => {
    const file = await exportTo('audit-edit.json', 'json');
    const text = await readFile(file, 'utf8');
    expect(text.split('reason 3').length).toBe(3);
    const copy = await edited(file, 'audit-edit-1.json', (s) => s.replace('reason 3', 'reason 4'));
    const result = await verifyExport(copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^export .* REFUSED \(key [0-9a-f]{16}\):\n {2}tenant github:1, seq 3, id \d+: hash mismatch \(stored hash [0-9a-f]{64}, content hashes to [0-9a-f]{64}\)\n$/);

    const stamp = await edited(file, 'audit-edit-2.json', (s) => s.replace(/"exported_at":"(\d)/, (_, d: string) => `"exported_at":"${(Number(d) + 1) % 10}`));
    const metadata = await verifyExport(stamp);
    expect(metadata.code).toBe(1);
    expect(metadata.stdout).toContain("the export's own signature does not verify with key");
  });

  it('refuses it after its last event is dropped, naming the tenant whose tail is missing', async () => {
    const file = await exportTo('audit-drop.json', 'json');
    const copy = await edited(file, 'audit-dropped.json', (s) => {
      const lines = s.split('\n');
      const last = lines.findIndex((l) => l.startsWith('],'));
      lines.splice(last - 1, 1); // the last event
      lines[last - 2] = lines[last - 2].replace(/,$/, '');
      return lines.join('\n');
    });
    const result = await verifyExport(copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  it holds 5 events, but was signed holding 6: events were removed or added\n');
    expect(result.stdout).toMatch(/ {2}tenant github:2 ends at seq 2, but the checkpoint of tenant github:2 \(.*, seq 3\) covers seq 3: events are missing from the end\n/);
  });

  it('refuses it against another key, and an export re-signed with another key', async () => {
    const other = path.join(dir, 'other-key.pem');
    expect(await runAuditKeygen({}, bufferIo(), { ...env, IMAGEFACTORY_AUDIT_KEY: other })).toBe(0);
    const otherPublic = path.join(dir, 'other.pub.pem');
    expect(await runAuditPublicKey({ output: otherPublic }, bufferIo(), { ...env, IMAGEFACTORY_AUDIT_KEY: other })).toBe(0);

    const file = await exportTo('audit-key.json', 'json');
    const againstOther = await verifyExport(file, otherPublic);
    expect(againstOther.code).toBe(1);
    expect(againstOther.stdout).toMatch(/^export .* REFUSED \(key ([0-9a-f]{16})\):\n {2}it is signed by key [0-9a-f]{16}, not by the given key \1\n$/);

    const resigned = await exportTo('audit-resigned.json', 'json', { IMAGEFACTORY_AUDIT_KEY: other });
    const result = await verifyExport(resigned);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(', not by the given key ');
  });

  it('verifies a CSV export through FILE.checkpoints.json, and refuses it truncated or without that file', async () => {
    const file = await exportTo('audit.csv', 'csv');
    expect((await verifyExport(file)).code).toBe(0);
    const truncated = await edited(file, 'audit-truncated.csv', (s) => s.split('\n').slice(0, -2).join('\n') + '\n');
    await writeFile(`${truncated}.checkpoints.json`, await readFile(`${file}.checkpoints.json`));
    const result = await verifyExport(truncated);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('tenant github:2 ends at seq 2, but the checkpoint of tenant github:2');
    const alone = await edited(file, 'audit-alone.csv', (s) => s);
    const missing = await verifyExport(alone);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`${alone} is a CSV export, and its checkpoints file ${alone}.checkpoints.json cannot be read (cannot read`);
  });

  it('needs exactly one --public-key with --export (exit 2)', async () => {
    const io = bufferIo();
    expect(await runAuditVerify({ export: path.join(dir, 'audit.json') }, io, env)).toBe(2);
    expect(io.stderr).toMatch(/^imagefactory audit verify: --export needs exactly one --public-key FILE/);
  });
});

describe('imagefactory audit keygen and public-key', () => {
  it('makes a key once (mode 0600) and keeps it after; prints the public half', async () => {
    const file = path.join(dir, 'keys', 'new.pem');
    const first = bufferIo();
    expect(await runAuditKeygen({}, first, { ...env, IMAGEFACTORY_AUDIT_KEY: file })).toBe(0);
    const [, id] = /^made a new audit signing key ([0-9a-f]{16}) at /.exec(first.stdout) ?? [];
    expect(id).toBeDefined();
    const { stat } = await import('node:fs/promises');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const before = await readFile(file, 'utf8');
    const second = bufferIo();
    expect(await runAuditKeygen({}, second, { ...env, IMAGEFACTORY_AUDIT_KEY: file })).toBe(0);
    expect(second.stdout).toBe(`kept the existing audit signing key ${id} at ${file}\n`);
    expect(await readFile(file, 'utf8')).toBe(before);
    const pub = bufferIo();
    expect(await runAuditPublicKey({}, pub, { ...env, IMAGEFACTORY_AUDIT_KEY: file })).toBe(0);
    expect(pub.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]+\n-----END PUBLIC KEY-----\n$/);
  });
});
