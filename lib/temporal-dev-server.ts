import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface DevServer {
  address: string;
  /** The server process. */
  pid: number;
  /** Settles when the server process ends, with how it ended ("exited with 1", "exited with SIGKILL"). */
  exited: Promise<string>;
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

export function missingCliMessage(executable: string): string {
  return `The Temporal CLI is missing at ${executable}: run \`npm run setup\` (it builds it once), or set TEMPORAL_ADDRESS to a running server.`;
}

/** True when a Temporal frontend answers on address (a plain connection: the local dev server). */
export async function devServerAnswers(address: string): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: 1000 });
    try {
      await conn.workflowService.getSystemInfo({});
    } finally {
      await conn.close();
    }
    return true;
  } catch {
    return false;
  }
}

/** True when nothing listens on 127.0.0.1:port. */
export async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
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

const SETPRIV = '/usr/bin/setpriv';

/**
 * Starts `temporal server start-dev` from the tools cache and waits until it answers. The server is a
 * child process; stop() ends it, and on Linux it ends with its parent.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  if (!fs.existsSync(opts.executable)) throw new Error(missingCliMessage(opts.executable));
  const port = opts.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  const out = opts.logFile ? fs.openSync(opts.logFile, 'a') : 'ignore';
  // Where util-linux's setpriv is (Linux), the server is sent SIGTERM when its parent dies, even by SIGKILL.
  const [command, argv] = fs.existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'SIGTERM', opts.executable, ...args]] : [opts.executable, args];
  const child: ChildProcess = spawn(command, argv, { stdio: ['ignore', out, out] });
  if (typeof out === 'number') fs.closeSync(out);
  let exited: string | undefined;
  const exit = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => resolve((exited = `exited with ${signal ?? code}`)));
    child.on('error', (err) => resolve((exited = `could not be run (${err.message})`)));
  });
  const seeLog = opts.logFile ? `; see ${opts.logFile}` : '';
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  while (!(await devServerAnswers(address))) {
    if (exited) throw new Error(`The Temporal dev server ${exited} while starting${seeLog}.`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server did not answer on ${address} within ${Math.round((opts.startTimeoutMs ?? 30_000) / 1000)} s${seeLog}.`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address,
    pid: child.pid!,
    exited: exit,
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
