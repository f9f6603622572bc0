import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import pg from 'pg';
import { register, runAuditExport, runAuditVerify } from '../../../cli/commands/audit.js';
import { bufferIo } from '../../../cli/io.js';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import type { AuditEvent } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connect } from './db-fixtures.js';
import { parseCsv } from './parse-csv.js';

// The trail gets altered on purpose: a database of its own.
let database: TestDatabase;
let env: Record<string, string | undefined>;
let dir: string;
const rows: AuditEvent[] = [];

beforeAll(async () => {
  database = await createTestDatabase('cli_audit');
  env = { ...process.env, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, LOG_LEVEL: 'silent' };
  dir = await mkdtemp(path.join(os.tmpdir(), 'imagefactory-audit-'));
  const t = connect(database);
  try {
    for (const tenant of ['github:1', 'github:2']) {
      await ensureTenant(t.db, { id: tenant, name: tenant });
      for (let i = 1; i <= 3; i += 1) {
        rows.push(await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'alice', action: `act.${i}`, project: 'acme/api', reason: i === 2 ? 'a, "quoted" reason' : null })));
      }
    }
  } finally {
    await t.close();
  }
});
afterAll(async () => {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('imagefactory audit', () => {
  it('export --format csv --output FILE writes every tenant, then reports the count', async () => {
    const io = bufferIo();
    const file = path.join(dir, 'audit.csv');
    expect(await runAuditExport({ format: 'csv', output: file }, io, env)).toBe(0);
    expect(io.stderr).toMatch(new RegExp(`^exported 6 audit events to ${file}, signed by key [0-9a-f]{16} \\(2 checkpoints\\), checkpoints in ${file}\\.checkpoints\\.json\\n$`));
    expect(existsSync(`${file}.partial`)).toBe(false);
    const sidecar = JSON.parse(await readFile(`${file}.checkpoints.json`, 'utf8')) as { format: string; event_count: number; checkpoints: { tenant_id: string; seq: number }[] };
    expect(sidecar).toMatchObject({ format: 'imagefactory.audit-export-checkpoints', event_count: 6 });
    expect(sidecar.checkpoints.map((c) => `${c.tenant_id}#${c.seq}`)).toEqual(['github:1#3', 'github:2#3']);
    const [header, ...records] = parseCsv(await readFile(file, 'utf8'));
    expect(header.slice(0, 3)).toEqual(['id', 'tenant_id', 'seq']);
    expect(records.map((r) => `${r[1]}#${r[2]}`)).toEqual(['github:1#1', 'github:1#2', 'github:1#3', 'github:2#1', 'github:2#2', 'github:2#3']);
    expect(records[1][9]).toBe('a, "quoted" reason');
  });

  it('export --tenant --since writes JSON to stdout', async () => {
    const io = bufferIo();
    expect(await runAuditExport({ format: 'json', tenant: 'github:2', since: '24h' }, io, env)).toBe(0);
    const { events } = JSON.parse(io.stdout) as { events: { tenant_id: string }[] };
    expect(events.map((r) => r.tenant_id)).toEqual(['github:2', 'github:2', 'github:2']);
    expect(io.stderr).toMatch(/^exported 3 audit events, signed by key [0-9a-f]{16} \(1 checkpoint\)\n$/);
  });

  it('export refuses CSV to stdout (nowhere for its signature) with exit 2, and fails without a signing key, saying how to make one', async () => {
    const csv = bufferIo();
    expect(await runAuditExport({ format: 'csv' }, csv, env)).toBe(2);
    expect(csv.stderr).toMatch(/^imagefactory audit export: --format csv needs --output FILE: the checkpoints that sign a CSV export go beside it, to FILE\.checkpoints\.json/);
    const nokey = bufferIo();
    const missing = path.join(dir, 'no-such-key.pem');
    expect(await runAuditExport({ format: 'json' }, nokey, { ...env, IMAGEFACTORY_AUDIT_KEY: missing })).toBe(1);
    expect(nokey.stderr).toBe(
      `imagefactory audit export: every export is signed, and no audit signing key at ${missing} (IMAGEFACTORY_AUDIT_KEY): make one with \`imagefactory audit keygen\` (\`npm run setup\` does), or point IMAGEFACTORY_AUDIT_KEY at the PEM file of the key in use\n`,
    );
    expect(nokey.stdout).toBe('');
  });

  it('export refuses a bad --since or --format with exit 2, naming the value', async () => {
    const since = bufferIo();
    expect(await runAuditExport({ format: 'json', since: 'yesterday' }, since, env)).toBe(2);
    expect(since.stderr).toMatch(/--since "yesterday" is not valid: expected an ISO date/);
    const format = bufferIo();
    expect(await runAuditExport({ format: 'xml' }, format, env)).toBe(2);
    expect(format.stderr).toMatch(/--format "xml" is not valid: expected json or csv/);
  });

  it('verify passes on the real trail, then names the altered row', async () => {
    const ok = bufferIo();
    expect(await runAuditVerify({}, ok, env)).toBe(0);
    expect(ok.stdout).toMatch(/^audit chain intact: 6 events\ncheckpoints verified: 3 checkpoints of 2 tenants with key [0-9a-f]{16}; no rows missing, no row rewritten\n$/);

    const target = rows[4]; // github:2, seq 2
    const admin = new pg.Client({ connectionString: database.ownerUrl });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
      await admin.query("UPDATE audit_events SET actor = 'mallory' WHERE id = $1", [target.id]);
      await admin.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    } finally {
      await admin.end();
    }

    const broken = bufferIo();
    expect(await runAuditVerify({}, broken, env)).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`^audit chain BROKEN: tenant github:2, seq 2, id ${target.id}: hash mismatch \\(stored hash [0-9a-f]{64}, content hashes to [0-9a-f]{64}\\)\\n`));

    const other = bufferIo();
    expect(await runAuditVerify({ tenant: 'github:1' }, other, env)).toBe(0);
    expect(other.stdout).toMatch(/^audit chain intact for tenant github:1: 3 events\ncheckpoints verified for tenant github:1: /);
  });

  it('verify exits 1 with the reason when the database cannot be reached', async () => {
    const io = bufferIo();
    expect(await runAuditVerify({}, io, { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' })).toBe(1);
    expect(io.stderr).toMatch(/^imagefactory audit verify: .*127\.0\.0\.1:1/);
  });

  it('explains export and verify in --help', async () => {
    for (const [sub, expected] of [
      ['export', ['--format <format>', '--since <when>', '--tenant <id>', '--output <file>', '7d', 'IMAGEFACTORY_AUDIT_KEY', 'FILE.checkpoints.json']],
      ['verify', ['--tenant <id>', 'hash mismatch', 'gap in seq', '--export <file>', '--public-key <file>', 'rows seq 41..57 are missing']],
      ['keygen', ['IMAGEFACTORY_AUDIT_KEY', 'mode 0600', 'keeps']],
      ['public-key', ['--output <file>', 'SPKI']],
    ] as const) {
      const io = bufferIo();
      const program = new Command('imagefactory').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
      register(program, io);
      program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }));
      program.commands[0].commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }));
      await expect(program.parseAsync(['node', 'imagefactory', 'audit', sub, '--help'])).rejects.toMatchObject({ exitCode: 0 });
      for (const text of expected) expect(io.stdout).toContain(text);
    }
  });
});
