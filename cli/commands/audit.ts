import { open, rename, rm, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { loadConfig } from '../../lib/config.js';
import { loadAuditSigner } from '../../db/audit-key.js';
import { databaseError, type OpenDatabase } from '../../db/database.js';
import { exportAuditEvents, type AuditExportFormat, type AuditExportSummary } from '../../db/export-audit-events.js';
import { openDatabase } from '../../db/open-database.js';
import { checkpointsFileOf } from '../../db/read-audit-export.js';
import { verifyAuditChain } from '../../db/verify-audit-chain.js';
import { registerKeyCommands, verifyingKeys } from './audit-keys.js';
import { reportCheckpoints, runVerifyExport } from './audit-verify.js';
import type { Io } from '../io.js';
import { failureStatus } from '../failure-status.js';

type Env = Record<string, string | undefined>;

export interface AuditExportArgs {
  format: string;
  since?: string;
  tenant?: string;
  output?: string;
}

export interface AuditVerifyArgs {
  tenant?: string;
  /** Verify this export file with the public key alone, no database. */
  export?: string;
  publicKey?: string[];
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
 * file, signed: a checkpoint per tenant and the export's own signature, inside the JSON, or beside a CSV
 * file in FILE.checkpoints.json (so CSV needs --output). Files are written beside their final names and
 * renamed when complete. Without a signing key nothing is exported. Exit 0, 1 failed, 2 bad input.
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
  if (args.format === 'csv' && args.output === undefined) {
    io.err('imagefactory audit export: --format csv needs --output FILE: the checkpoints that sign a CSV export go beside it, to FILE.checkpoints.json (or use --format json, which holds them)');
    return 2;
  }
  const config = loadConfig(env);
  const key = await loadAuditSigner(config.auditKeyPath);
  if (!key.ok) {
    io.err(`imagefactory audit export: every export is signed, and ${key.problem}`);
    return 1;
  }
  const partial = args.output === undefined ? undefined : `${args.output}.partial`;
  let opened: OpenDatabase | undefined;
  try {
    opened = await openDatabase(config);
    const chunks = exportAuditEvents(opened.db, { format: args.format as AuditExportFormat, tenantId: args.tenant, since, signer: key.signer });
    const file = partial === undefined ? undefined : await open(partial, 'w');
    let buffer = '';
    const flush = async () => {
      if (buffer === '') return;
      if (file) await file.write(buffer);
      else io.out(buffer);
      buffer = '';
    };
    let summary: AuditExportSummary;
    try {
      for (;;) {
        const next = await chunks.next();
        if (next.done) {
          summary = next.value;
          break;
        }
        buffer += next.value;
        if (buffer.length >= 64 * 1024) await flush();
      }
      await flush();
    } finally {
      await file?.close();
    }
    const { count, checkpoints } = summary;
    const signed = `signed by key ${key.signer.keyId} (${checkpoints.length} checkpoint${checkpoints.length === 1 ? '' : 's'})`;
    if (partial !== undefined && args.output !== undefined) {
      if (args.format === 'csv') await writeFile(checkpointsFileOf(args.output), `${JSON.stringify(summary.signatureBlock, null, 2)}\n`);
      await rename(partial, args.output);
      const beside = args.format === 'csv' ? `, checkpoints in ${checkpointsFileOf(args.output)}` : '';
      io.err(`exported ${count} audit event${count === 1 ? '' : 's'} to ${args.output}, ${signed}${beside}`);
    } else {
      io.err(`exported ${count} audit event${count === 1 ? '' : 's'}, ${signed}`);
    }
    return 0;
  } catch (err) {
    if (partial !== undefined) await rm(partial, { force: true });
    io.err(`imagefactory audit export: ${databaseError(err).message}`);
    return failureStatus(err);
  } finally {
    await opened?.close();
  }
}

/**
 * `imagefactory audit verify`: recomputes every tenant's hash chain (or one tenant's), then compares it with
 * the signed checkpoints (a missing tail, a rewritten chain, a forged checkpoint). Exit 0 when intact, 1
 * naming the first row that does not fit (tenant, seq, id, reason) and each checkpoint problem. With
 * --export FILE it verifies an export with --public-key alone instead (no database).
 */
export async function runAuditVerify(args: AuditVerifyArgs, io: Io, env: Env = process.env): Promise<number> {
  if (args.export !== undefined) return runVerifyExport(args.export, args.publicKey, io);
  const config = loadConfig(env);
  const keys = await verifyingKeys(args.publicKey, config.auditKeyPath);
  if (!keys.ok) {
    io.err(`imagefactory audit verify: ${keys.problem}`);
    return 2;
  }
  let opened: OpenDatabase | undefined;
  try {
    opened = await openDatabase(config);
    const result = await verifyAuditChain(opened.db, { tenantId: args.tenant });
    const scope = args.tenant === undefined ? '' : ` for tenant ${args.tenant}`;
    if (result.ok) io.out(`audit chain intact${scope}: ${result.checked} event${result.checked === 1 ? '' : 's'}`);
    else {
      const b = result.firstBroken;
      io.out(`audit chain BROKEN${scope}: tenant ${b.tenantId}, seq ${b.seq}, id ${b.id}: ${b.reason} (${b.detail})`);
    }
    const signed = await reportCheckpoints(opened.db, keys, args.tenant, io);
    return result.ok && signed ? 0 : 1;
  } catch (err) {
    io.err(`imagefactory audit verify: ${databaseError(err).message}`);
    return failureStatus(err);
  } finally {
    await opened?.close();
  }
}

export function register(program: Command, io: Io): void {
  const audit = program
    .command('audit')
    .description('Export the audit trail (signed), verify it or an export, and manage its signing key.')
    .addHelpText(
      'after',
      `
The audit trail (table audit_events) is append-only and hash-chained per tenant: each event holds the
hash of the tenant's previous event. Each tenant's chain head is signed (Ed25519, IMAGEFACTORY_AUDIT_KEY)
every IMAGEFACTORY_CHECKPOINT_INTERVAL and with every export (table audit_checkpoints), so a deleted tail
or a rewritten chain shows too. These commands read the configured database (DATABASE_URL, else the
local Postgres, else embedded Postgres) with the operator's access, across tenants unless --tenant is given.`,
    );
  registerKeyCommands(audit, io);

  audit
    .command('export')
    .description('Write audit events as JSON or CSV, signed.')
    .addOption(new Option('--format <format>', 'json (an object: the events, one per line, and their signatures) or csv (RFC 4180, with a header; needs --output)').choices(['json', 'csv']).default('json'))
    .option('--since <when>', 'only events at or after: an ISO date/time (2024-05-01, 2024-05-01T12:00:00Z) or a span back from now (30m, 24h, 7d, 2w)')
    .option('--tenant <id>', 'only this tenant, e.g. github:12345 or local')
    .option('--output <file>', 'write to this file instead of stdout')
    .addHelpText(
      'after',
      `
Events come ordered by tenant, then seq. Columns: id, tenant_id, seq, at, actor, action, project, build_id,
decision, reason, data, idempotency_key, prev_hash, hash. In CSV an empty field is null and "" is an empty
string; data is canonical JSON.

Every export is signed with IMAGEFACTORY_AUDIT_KEY (none: nothing is exported; \`imagefactory audit
keygen\` makes one): a checkpoint per tenant covering its last exported event, and a signature of the
export's scope, event count and checkpoints. JSON holds them after "events"; a CSV export (which needs
--output) gets them in FILE.checkpoints.json beside it. Check with \`imagefactory audit verify --export\`.

Examples:
  imagefactory audit export --format csv --since 7d --output audit.csv    (and audit.csv.checkpoints.json)
  imagefactory audit export --tenant github:12345 --since 2024-05-01 > audit.json`,
    )
    .action(async (opts: AuditExportArgs) => {
      process.exitCode = await runAuditExport(opts, io);
    });

  audit
    .command('verify')
    .description('Recompute the hash chains, check them against the signed checkpoints, or verify an export.')
    .option('--tenant <id>', 'only this tenant')
    .option('--export <file>', 'verify this export (JSON, or CSV with FILE.checkpoints.json) with --public-key alone, no database')
    .option('--public-key <file>', 'public key (PEM) to verify with; repeat for several keys (default: the public half of IMAGEFACTORY_AUDIT_KEY)', (v: string, all: string[] = []) => [...all, v])
    .addHelpText(
      'after',
      `
Prints "audit chain intact: N events", or the first broken event, as tenant, seq, id and reason:
"hash mismatch" (the event was altered), "prev_hash mismatch" (it does not follow the event before it),
"gap in seq" (an event is missing). Then it checks the chain against its signed checkpoints and names:
rows missing from the tail ("rows seq 41..57 are missing: checkpoint of <time> covers seq 57"), a
rewritten chain (the row at a checkpoint's seq has another hash), a checkpoint whose signature does not
verify or that another key signed. Exit 0 when all is well, 1 otherwise.

With --export FILE --public-key KEY it reads no database: every event of the export must hash and link,
the event count and checkpoints must be the signed ones, each tenant's last event the one its checkpoint
covers, and the key the given one. A tampered, truncated or re-signed export is refused, naming why.

Examples:
  imagefactory audit verify
  imagefactory audit verify --tenant github:12345
  imagefactory audit verify --export audit.json --public-key audit-key.pub.pem`,
    )
    .action(async (opts: AuditVerifyArgs) => {
      process.exitCode = await runAuditVerify(opts, io);
    });
}
