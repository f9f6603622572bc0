import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { buildLogs, type BuildLog, type LogStream } from '../db/schema/build-logs.js';
import { withTenant } from '../db/with-tenant.js';

export interface BuildLogSink {
  write(line: string, stream: LogStream): void;
  /** Writes what is buffered; resolves when it is in the database. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Appends a build's log lines to `build_logs`, batched (every `intervalMs`, or at `maxBatch` lines), so a
 * chatty build costs few round trips. Sequence numbers continue after what an earlier attempt wrote.
 */
export async function openBuildLogSink(db: Database, tenantId: string, buildId: string, opts: { intervalMs?: number; maxBatch?: number } = {}): Promise<BuildLogSink> {
  const [{ last }] = await withTenant(db, tenantId, (tx) =>
    tx.select({ last: sql<number>`coalesce(max(${buildLogs.seq}), 0)::int` }).from(buildLogs).where(eq(buildLogs.buildId, buildId)),
  );
  let seq = last;
  let buffer: (typeof buildLogs.$inferInsert)[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failed: unknown;
  const maxBatch = opts.maxBatch ?? 500;
  const flushNow = () => {
    if (buffer.length === 0) return writing;
    const rows = buffer;
    buffer = [];
    writing = writing.then(() =>
      withTenant(db, tenantId, async (tx) => {
        await tx.insert(buildLogs).values(rows).onConflictDoNothing();
      }).catch((err) => {
        failed = err;
      }),
    );
    return writing;
  };
  const timer = setInterval(() => void flushNow(), opts.intervalMs ?? 250);
  timer.unref();
  const flush = async () => {
    await flushNow();
    if (failed) throw failed;
  };
  return {
    write(line, stream) {
      buffer.push({ tenantId, buildId, seq: ++seq, stream, line, at: new Date() });
      if (buffer.length >= maxBatch) void flushNow();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

/** A build's log lines after `afterSeq`, in order. */
export async function readBuildLog(db: Database, tenantId: string, buildId: string, afterSeq = 0, limit = 10_000): Promise<BuildLog[]> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(buildLogs)
      .where(and(eq(buildLogs.buildId, buildId), gt(buildLogs.seq, afterSeq)))
      .orderBy(asc(buildLogs.seq))
      .limit(limit),
  );
}
