import fs from 'node:fs';
import type { Logger } from 'pino';
import { embeddedTemporalFiles, processAlive, readServerFile, writeServerFile, type EmbeddedTemporalFiles, type ServerFile } from './embedded-temporal-files.js';
import { tryLockFile, type FileLock } from './file-lock.js';
import { freePort, portFree, startDevServer, type DevServer } from './temporal-dev-server.js';
import { liveLeases } from './temporal-leases.js';

/** How long the server is kept once no process uses it: a command run right after another finds it up. */
export const SUPERVISOR_GRACE_MS = 5000;
const POLL_MS = 500;
/** The port a developer's `temporal` CLI talks to by default; taken when free. */
const PREFERRED_PORT = 7233;
const LOCK_WAIT_MS = 60_000;
const RESTARTS = 3;

export interface SuperviseOptions {
  dataDir: string;
  temporalCli: string;
  logger: Logger;
  graceMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The supervisor of a data folder's embedded Temporal dev server, run as a detached process of its own.
 * Holds the folder's supervisor lock for its whole life (so one runs per folder), runs the dev server as
 * its child on the folder's state file, publishes the address in server.json, and keeps it while any
 * process holds a lease; once none has for the grace period, it stops the server and exits. Returns the
 * exit status: 0 done (or another supervisor serves), 1 failed (the reason is logged with `failure`).
 */
export async function superviseDevServer(opts: SuperviseOptions): Promise<number> {
  const files = embeddedTemporalFiles(opts.dataDir);
  const log = opts.logger;
  fs.mkdirSync(files.dir, { recursive: true });
  let lock: FileLock | undefined;
  let server: DevServer | undefined;
  let info: ServerFile | undefined;
  let signalled: string | undefined;
  const onSignal = (signal: string) => void (signalled = signal);
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, onSignal);
  try {
    lock = await acquireLock(files, log);
    if (!lock) return 0;
    if (liveLeases(files).length === 0) {
      log.info('no process uses the server: not starting it');
      return 0;
    }
    await stopOrphanedServer(files, log);
    server = await startServer(opts.temporalCli, files);
    info = { address: server.address, pid: server.pid, supervisorPid: process.pid, startedAt: new Date().toISOString() };
    writeServerFile(files, info);
    log.info({ address: server.address, serverPid: server.pid }, `started the Temporal dev server (pid ${server.pid}) on ${server.address}`);
    let idleSince: number | undefined;
    let restarts = 0;
    let crashed: string | undefined;
    const watch = (s: DevServer) => void s.exited.then((how) => void (crashed = s === server ? how : crashed));
    watch(server);
    for (;;) {
      await sleep(POLL_MS);
      if (signalled) {
        log.info(`stopping the Temporal dev server: received ${signalled}`);
        break;
      }
      if (crashed) {
        if (restarts === RESTARTS) throw new Error(`The Temporal dev server ${crashed} ${RESTARTS + 1} times; see ${files.serverLog}.`);
        restarts += 1;
        log.warn(`the Temporal dev server ${crashed}; starting it again on ${info.address}`);
        crashed = undefined;
        server = await startServer(opts.temporalCli, files, Number(info.address.split(':')[1]));
        watch(server);
        info = { ...info, pid: server.pid };
        writeServerFile(files, info);
        continue;
      }
      if (liveLeases(files).length > 0) {
        idleSince = undefined;
        continue;
      }
      idleSince ??= Date.now();
      if (Date.now() - idleSince < (opts.graceMs ?? SUPERVISOR_GRACE_MS)) continue;
      // Withdraw the address first, then look once more: a process that leased before the withdrawal and
      // read the address is seen here; one that leases after it finds no address and waits for a server.
      fs.rmSync(files.serverFile, { force: true });
      if (liveLeases(files).length > 0) {
        writeServerFile(files, info);
        idleSince = undefined;
        continue;
      }
      log.info(`stopping the Temporal dev server: no process has used it for ${Math.round((Date.now() - idleSince) / 1000)} s`);
      break;
    }
    return 0;
  } catch (err) {
    const failure = (err as Error).message;
    log.error({ failure }, failure);
    return 1;
  } finally {
    if (lock) fs.rmSync(files.serverFile, { force: true });
    await server?.stop();
    if (server) log.info(`stopped the Temporal dev server (pid ${server.pid})`);
    lock?.release();
    for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.off(s, onSignal);
  }
}

/**
 * Takes the supervisor lock. While another supervisor holds it: done (undefined) once that one publishes an
 * address; else it is stopping, and its lock is waited for.
 */
async function acquireLock(files: EmbeddedTemporalFiles, log: Logger): Promise<FileLock | undefined> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const attempt = tryLockFile(files.supervisorLock);
    if (attempt.ok) return attempt.lock;
    const serving = readServerFile(files);
    if (serving && processAlive(serving.supervisorPid)) {
      log.info(`the Temporal dev server of this folder is already supervised by pid ${serving.supervisorPid}`);
      return undefined;
    }
    if (Date.now() > deadline) {
      throw new Error(`Another supervisor (pid ${attempt.holder?.pid ?? 'unknown'}) holds ${files.supervisorLock} but publishes no server.`);
    }
    await sleep(200);
  }
}

async function startServer(executable: string, files: EmbeddedTemporalFiles, port?: number): Promise<DevServer> {
  const start = (p: number) => startDevServer({ executable, dbFile: files.stateDb, port: p, logFile: files.serverLog });
  if (port !== undefined) return start(port);
  if (await portFree(PREFERRED_PORT)) {
    try {
      return await start(PREFERRED_PORT);
    } catch (err) {
      // Another data folder's server took the port between the check and the start: any free port then.
      if (await portFree(PREFERRED_PORT)) throw err;
    }
  }
  return start(await freePort());
}

/**
 * A supervisor killed with SIGKILL leaves its dev server running on the folder's state file: the next
 * supervisor stops it before starting its own (two servers must never share the state file).
 */
async function stopOrphanedServer(files: EmbeddedTemporalFiles, log: Logger): Promise<void> {
  const left = readServerFile(files);
  fs.rmSync(files.serverFile, { force: true });
  if (!left || !processAlive(left.pid) || !commandLine(left.pid).includes(files.stateDb)) return;
  log.warn(`stopping the Temporal dev server (pid ${left.pid}) a killed supervisor left running`);
  process.kill(left.pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (processAlive(left.pid)) {
    if (Date.now() > deadline) process.kill(left.pid, 'SIGKILL');
    await sleep(100);
  }
}

/** A process's command line (Linux /proc); empty where it cannot be read. */
function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}
