import pg from 'pg';
import { redactUrl } from './database.js';

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

/**
 * Connects to the database `url` names, creating it first when the server says it does not exist (through
 * the server's `postgres` database, which the URL's user must be allowed to use). Returns a connected client.
 */
export async function connectCreatingDatabase(url: string): Promise<pg.Client> {
  try {
    return await connect(url);
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_CATALOG_NAME) throw reachError(url, err);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  let admin: pg.Client;
  try {
    admin = await connect(adminUrl.toString());
  } catch (err) {
    throw reachError(adminUrl.toString(), err, `to create database ${name}`);
  }
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (err) {
    // Another process created it meanwhile: that is what we wanted.
    if ((err as { code?: string }).code !== DUPLICATE_DATABASE) {
      throw new Error(`cannot create database ${name} on ${redactUrl(adminUrl.toString())}: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    await admin.end();
  }
  try {
    return await connect(url);
  } catch (err) {
    throw reachError(url, err);
  }
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

function reachError(url: string, err: unknown, purpose = ''): Error {
  const e = err as Error & { code?: string };
  const why = e.message || e.code || String(err);
  return new Error(`cannot connect to Postgres at ${redactUrl(url)}${purpose ? ` ${purpose}` : ''}: ${why}`, { cause: err });
}
