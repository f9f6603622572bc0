import net from 'node:net';
import path from 'node:path';
import type { Config } from '../lib/config.js';

/** The local server's logins when DATABASE_URL and DATABASE_OWNER_URL are unset: the app's, and the owner's. */
export const LOCAL_POSTGRES = {
  url: 'postgres://imagefactory@127.0.0.1:5432/imagefactory',
  ownerUrl: 'postgres://postgres@127.0.0.1:5432/imagefactory',
} as const;

export type LocalPostgres = { url: string; ownerUrl: string };

export type DatabaseTarget =
  /** `url`: the app's login (DATABASE_URL); `ownerUrl`: the tables' owner, when known (to migrate). */
  | { kind: 'postgres'; url: string; ownerUrl: string | undefined; why: string; explicit: boolean }
  | { kind: 'pglite'; dir: string; why: string };

/**
 * Which database serves: DATABASE_URL (with DATABASE_OWNER_URL when set) when set; else the local Postgres
 * server if it answers (its `imagefactory` login, migrated as `postgres`); else embedded Postgres (PGlite)
 * in `<dataDir>/pglite`.
 */
export async function resolveDatabaseTarget(
  config: Pick<Config, 'databaseUrl' | 'databaseOwnerUrl' | 'dataDir'>,
  local: LocalPostgres = LOCAL_POSTGRES,
): Promise<DatabaseTarget> {
  if (config.databaseUrl) {
    return { kind: 'postgres', url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl, why: 'DATABASE_URL is set', explicit: true };
  }
  const server = new URL(local.ownerUrl);
  const port = Number(server.port || 5432);
  if (await answers(server.hostname, port)) {
    return { kind: 'postgres', url: local.url, ownerUrl: local.ownerUrl, why: `Postgres answers on ${server.hostname}:${port}`, explicit: false };
  }
  return {
    kind: 'pglite',
    dir: path.join(config.dataDir, 'pglite'),
    why: `no DATABASE_URL and no Postgres answering on ${server.hostname}:${port}`,
  };
}

/** True when something accepts TCP connections on host:port within timeoutMs. */
export function answers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
