import { open, rename, rm } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { loadConfig } from '../../lib/config.js';
import { databaseError, type OpenDatabase } from '../../db/database.js';
import { exportAuditEvents, type AuditExportFormat } from '../../db/export-audit-events.js';
import { openDatabase } from '../../db/open-database.js';
import { verifyAuditChain } from '../../db/verify-audit-chain.js';
import type { Io } from '../io.js';

type Env = Record<string, string | undefined>;

export interface AuditExportArgs {
  format: string;
  since?: string;
  tenant?: string;
  output?: string;
}

export interface AuditVerifyArgs {
  tenant?: string;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO 8601 date or date-time, or a span back from now such as 30m, 24h, 7d, 2w. */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const span = /^(\d+)([mhdw])$/.exec(value.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNITS[span[2]]);
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return undefined;
  const at = new Date(value.trim());
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * `imagefactory audit export`: writes the audit trail (one tenant, or all) as JSON or CSV to stdout or a
 * file. The file is written beside its final name and renamed when complete. Exit 0, 1 failed, 2 bad input.
 */
export async function runAuditExport(args: AuditExportArgs, io: Io, env: Env = process.env): Promise<number> {
  if (args.format !== 'json' && args.format !== 'csv') {
    io.err(`imagefactory audit export: --format ${JSON.stringify(args.format)} is not valid: expected json or csv`);
    return 2;
  }
  const since = args.since === undefined ? undefined : parseSince(args.since);
  if (args.since !== undefined && !since) {
    io.err(`imagefactory audit export: --since ${JSON.stringify(args.since)} is not valid: expected an ISO date such as 2024-05-01 or 2024-05-01T12:00:00Z, or a span such as 30m, 24h, 7d, 2w`);
    return 2;
  }
  const config = loadConfig(env);
  const partial = args.output === undefined ? undefined : `${args.output}.partial`;
  let opened: OpenDatabase | undefined;
  try {
    opened = await openDatabase(config);
    const chunks = exportAuditEvents(opened.db, { format: args.format as AuditExportFormat, tenantId: args.tenant, since });
    const file = partial === undefined ? undefined : await open(partial, 'w');
    let buffer = '';
    const flush = async () => {
      if (buffer === '') return;
      if (file) await file.write(buffer);
      else io.out(buffer);
      buffer = '';
    };
    let count: number;
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) {
          count = next.value;
          break;
        }
        buffer += next.value;
        if (buffer.length >= 64 * 1024) await flush();
      }
      await flush();
    } finally {
      await file?.close();
    }
    if (partial !== undefined && args.output !== undefined) {
      await rename(partial, args.output);
      io.err(`exported ${count} audit event${count === 1 ? '' : 's'} to ${args.output}`);
    }
    return 0;
  } catch (err) {
    if (partial !== undefined) await rm(partial, { force: true });
    io.err(`imagefactory audit export: ${databaseError(err).message}`);
    return 1;
  } finally {
    await opened?.close();
  }
}

/**
 * `imagefactory audit verify`: recomputes every tenant's hash chain (or one tenant's). Exit 0 when intact,
 * 1 naming the first row that does not fit (tenant, seq, id, reason).
 */
export async function runAuditVerify(args: AuditVerifyArgs, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  let opened: OpenDatabase | undefined;
  try {
    opened = await openDatabase(config);
    const result = await verifyAuditChain(opened.db, { tenantId: args.tenant });
    const scope = args.tenant === undefined ? '' : ` for tenant ${args.tenant}`;
    if (result.ok) {
      io.out(`audit chain intact${scope}: ${result.checked} event${result.checked === 1 ? '' : 's'}`);
      return 0;
    }
    const b = result.firstBroken;
    io.out(`audit chain BROKEN${scope}: tenant ${b.tenantId}, seq ${b.seq}, id ${b.id}: ${b.reason} (${b.detail})`);
    return 1;
  } catch (err) {
    io.err(`imagefactory audit verify: ${databaseError(err).message}`);
    return 1;
  } finally {
    await opened?.close();
  }
}

export function register(program: Command, io: Io): void {
  const audit = program
    .command('audit')
    .description('Export the audit trail, or verify its hash chain.')
    .addHelpText(
      'after',
      `
The audit trail (table audit_events) is append-only and hash-chained per tenant: each event holds the
hash of the tenant's previous event. These commands read the configured database (DATABASE_URL, else the
local Postgres, else embedded Postgres) with the operator's access, across tenants unless --tenant is given.`,
    );

  audit
    .command('export')
    .description('Write audit events as JSON or CSV.')
    .addOption(new Option('--format <format>', 'json (an array, one event per line) or csv (RFC 4180, with a header)').choices(['json', 'csv']).default('json'))
    .option('--since <when>', 'only events at or after: an ISO date/time (2024-05-01, 2024-05-01T12:00:00Z) or a span back from now (30m, 24h, 7d, 2w)')
    .option('--tenant <id>', 'only this tenant, e.g. github:12345 or local')
    .option('--output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
Events come ordered by tenant, then seq. Columns: id, tenant_id, seq, at, actor, action, project, build_id,
decision, reason, data, idempotency_key, prev_hash, hash. In CSV an empty field is null and "" is an empty
string; data is canonical JSON.

Examples:
  imagefactory audit export --format csv --since 7d --output audit.csv
  imagefactory audit export --tenant github:12345 --since 2024-05-01 > audit.json`,
    )
    .action(async (opts: AuditExportArgs) => {
      process.exitCode = await runAuditExport(opts, io);
    });

  audit
    .command('verify')
    .description('Recompute the hash chains and name the first event that does not match.')
    .option('--tenant <id>', 'only this tenant')
    .addHelpText(
      'after',
      `
Prints "audit chain intact: N events" (exit 0), or the first broken event, as tenant, seq, id and reason
(exit 1): "hash mismatch" (the event was altered), "prev_hash mismatch" (it does not follow the event
before it), "gap in seq" (an event is missing).

Examples:
  imagefactory audit verify
  imagefactory audit verify --tenant github:12345`,
    )
    .action(async (opts: AuditVerifyArgs) => {
      process.exitCode = await runAuditVerify(opts, io);
    });
}
