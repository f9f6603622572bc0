import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the embedded Temporal dev server of a data folder keeps its things, under `<data>/temporal/`:
 * its state (so builds survive a restart), its log, and the supervisor's lock, log, address file and the
 * leases of the processes using it.
 */
export interface EmbeddedTemporalFiles {
  dir: string;
  /** SQLite state of the dev server. */
  stateDb: string;
  /** The dev server's own output. */
  serverLog: string;
  /** The supervisor's log: JSON lines, one per start, stop and failure. */
  supervisorLog: string;
  /** Held (locked) by the one supervisor of this data folder for as long as it runs. */
  supervisorLock: string;
  /** Written once the server answers, removed before it stops: how processes find its address. */
  serverFile: string;
  /** One locked file per process using the server; a lease whose lock is free belongs to a dead process. */
  leases: string;
}

export interface ServerFile {
  address: string;
  /** The dev server process. */
  pid: number;
  supervisorPid: number;
  startedAt: string;
}

export function embeddedTemporalFiles(dataDir: string): EmbeddedTemporalFiles {
  const dir = path.join(dataDir, 'temporal');
  return {
    dir,
    stateDb: path.join(dir, 'state.db'),
    serverLog: path.join(dir, 'server.log'),
    supervisorLog: path.join(dir, 'supervisor.log'),
    supervisorLock: path.join(dir, 'supervisor.lock'),
    serverFile: path.join(dir, 'server.json'),
    leases: path.join(dir, 'leases'),
  };
}

export function readServerFile(files: EmbeddedTemporalFiles): ServerFile | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(files.serverFile, 'utf8')) as Partial<ServerFile>;
    if (typeof info.address === 'string' && typeof info.pid === 'number' && typeof info.supervisorPid === 'number') return info as ServerFile;
  } catch {
    // missing, or being replaced
  }
  return undefined;
}

/** Replaces the server file in one step (write then rename), so a reader never sees half of it. */
export function writeServerFile(files: EmbeddedTemporalFiles, info: ServerFile): void {
  const tmp = `${files.serverFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info));
  fs.renameSync(tmp, files.serverFile);
}

/** True while the process runs (a zombie, ended but not yet reaped, counts as ended). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/PID/stat: "PID (COMM) STATE ..."; COMM may hold spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return !fs.existsSync('/proc/self/stat'); // without /proc (macOS) kill(pid, 0) is all there is
  }
}
