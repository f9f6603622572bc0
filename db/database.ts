import { DrizzleQueryError, type ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * The database, whichever driver serves it (node-postgres or PGlite): one set of queries for both.
 * Application code never queries it directly: it goes through withTenant or withCrossTenantRead.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction opened by withTenant or withCrossTenantRead, running as imagefactory_app. */
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DatabaseKind = 'postgres' | 'pglite';

export interface OpenDatabase {
  db: Database;
  kind: DatabaseKind;
  /** Where it is: the URL without password, or the PGlite folder. */
  location: string;
  close(): Promise<void>;
}

/** The rows of a raw `execute` result; both drivers return `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A postgres URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid URL>';
  }
}

/**
 * The database's own words for a failed query: drizzle wraps driver errors (DrizzleQueryError, "Failed
 * query: ...") and keeps Postgres's error (message, SQLSTATE code) as the cause. Other errors pass as they are.
 */
export function databaseError(err: unknown): { message: string; code?: string } {
  let e = err as { message?: string; code?: string; cause?: unknown } | undefined;
  while (e instanceof DrizzleQueryError && e.cause) e = e.cause as typeof e;
  return { message: e?.message ?? String(err), code: e?.code };
}
