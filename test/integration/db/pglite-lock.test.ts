import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import type { OpenDatabase } from '../../../db/database.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { DatabaseInUseError, openPglite } from '../../../db/open-pglite.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { withTenant } from '../../../db/with-tenant.js';
import { runCliProcess, type CliResult } from '../../helpers/cli-process.js';
import { makeRepo } from '../../helpers/fixture-repo.js';

// The CLI processes run in a network namespace of their own, where no Postgres answers on 127.0.0.1:5432:
// with DATABASE_URL unset they take the embedded default, PGlite in IMAGEFACTORY_DATA/pglite.
let dataDir: string;
let dir: string;
let env: Record<string, string>;
let holder: OpenDatabase;
let holding = false;
let written = 0;

const append = async (n: number) => {
  for (let i = 0; i < n; i += 1) {
    written += 1;
    await withTenant(holder.db, 'A', (tx) => appendAuditEvent(tx, { actor: 'alice', action: 'test.written', data: { n: written } }));
  }
};

/** Every file of the folder with its size and modification time. */
function snapshot(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[]).sort().map((f) => {
    const st = fs.statSync(path.join(root, f));
    return `${f} ${st.size} ${st.mtimeMs}`;
  });
}

const cli = (args: string[]) => runCliProcess(args, env, { isolatedNetwork: true });
const sentence = (d: string) => `The embedded database in ${d} is in use by process ${process.pid} `;

function expectRefused(result: CliResult, prefix: string) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(result.stderr).toContain(`${prefix}: ${sentence(dir)}`);
  expect(result.stderr).toContain('PGlite serves one process at a time, while a Postgres server (`npm run setup` starts one) serves several shells.');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-pglite-lock-'));
  dir = path.join(dataDir, 'pglite');
  env = { IMAGEFACTORY_DATA: dataDir, DATABASE_URL: '', DATABASE_OWNER_URL: '', TEMPORAL_ADDRESS: '', IMAGEFACTORY_USER: 'alice' };
  holder = await openPglite(dir);
  holding = true;
  await migrateDatabase({ db: holder.db });
  await ensureTenant(holder.db, { id: 'A', name: 'a' });
});
afterAll(async () => {
  if (holding) await holder.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded Postgres (PGlite): one process at a time', () => {
  it('refuses a second process in one sentence with exit 2, without touching the folder', async () => {
    await append(10);
    const before = snapshot(dir);
    const repo = makeRepo({ '.imagefactory.yml': 'version: 1\nimages:\n  web:\n    method: dockerfile\n', 'Dockerfile': 'FROM scratch\n' });
    const [status, verify, run] = await Promise.all([cli(['status']), cli(['audit', 'verify']), cli(['run', repo.dir])]);
    expectRefused(status, 'imagefactory');
    expectRefused(verify, 'imagefactory audit verify');
    expectRefused(run, 'imagefactory');
    expect(snapshot(dir)).toEqual(before);
    // The refused run started no Temporal server: the database is opened first.
    expect(fs.existsSync(path.join(dataDir, 'temporal'))).toBe(false);
  });

  it("refuses in-process too, naming the holder, and loses none of the holder's audit events", async () => {
    const [refused] = await Promise.all([openPglite(dir).then(() => undefined, (err: unknown) => err), append(20), cli(['status']).then((r) => expectRefused(r, 'imagefactory'))]);
    expect(refused).toBeInstanceOf(DatabaseInUseError);
    expect((refused as DatabaseInUseError).holder?.pid).toBe(process.pid);
    expect(await verifyAuditChain(holder.db, { tenantId: 'A' })).toEqual({ ok: true, checked: 30 });

    await holder.close();
    holding = false;
    const after = await cli(['audit', 'verify', '--tenant', 'A']);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^audit chain intact for tenant A: 30 events$/m);
  });
});
