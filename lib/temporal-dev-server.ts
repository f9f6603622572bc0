import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface DevServer {
  address: string;
  /** The server process (it outlives a parent killed with SIGKILL; see lib/temporal.ts). */
  pid: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** The `temporal` CLI binary (built by `npm run setup` into the tools cache). */
  executable: string;
  /** SQLite file that keeps workflow state across restarts; omitted: state lives in memory. */
  dbFile?: string;
  /** Port for the frontend; omitted: a free one. */
  port?: number;
  /** Where the server's own log goes; omitted: discarded. */
  logFile?: string;
  startTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `temporal server start-dev` from the tools cache and waits until it answers.
 * The server is a child process; stop() ends it (and it dies with its parent's process group otherwise).
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  if (!fs.existsSync(opts.executable)) {
    throw new Error(`The Temporal CLI is missing at ${opts.executable}: run \`npm run setup\` (it builds it once), or set TEMPORAL_ADDRESS to a running server.`);
  }
  const port = opts.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  const child: ChildProcess = spawn(opts.executable, args, { stdio: ['ignore', out, out] });
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new Error(`The Temporal dev server ${exited} while starting${opts.logFile ? `; see ${opts.logFile}` : ''}.`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.getSystemInfo({});
      await conn.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`The Temporal dev server did not answer on ${address}: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    address,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
