import net from 'node:net';
import path from 'node:path';
import type { Config } from '../lib/config.js';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/imagefactory';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; why: string; explicit: boolean }
  | { kind: 'pglite'; dir: string; why: string };

/**
 * Which database serves: DATABASE_URL when set; else the local Postgres server if it answers; else
 * embedded Postgres (PGlite) in `<dataDir>/pglite`.
 */
export async function resolveDatabaseTarget(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  localPostgresUrl = LOCAL_POSTGRES_URL,
): Promise<DatabaseTarget> {
  if (config.databaseUrl) return { kind: 'postgres', url: config.databaseUrl, why: 'DATABASE_URL is set', explicit: true };
  const local = new URL(localPostgresUrl);
  const port = Number(local.port || 5432);
  if (await answers(local.hostname, port)) {
    return { kind: 'postgres', url: localPostgresUrl, why: `Postgres answers on ${local.hostname}:${port}`, explicit: false };
  }
  return {
    kind: 'pglite',
    dir: path.join(config.dataDir, 'pglite'),
    why: `no DATABASE_URL and no Postgres answering on ${local.hostname}:${port}`,
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
