import fs from 'node:fs';
import path from 'node:path';
import { tryLock } from 'fs-native-extensions';

/** Who holds a lock, as its holder wrote it into the lock file. */
export interface LockHolder {
  pid: number;
  /** The command line of the holder, such as `imagefactory run examples/hello`. */
  command: string;
  since: string;
}

export interface FileLock {
  file: string;
  /** Drops the lock and closes the file (the file stays: another process may be about to lock it). */
  release(): void;
}

export type LockAttempt = { ok: true; lock: FileLock } | { ok: false; holder: LockHolder | undefined };

/** This process, as a lock holder. */
export function thisProcess(): LockHolder {
  // bin/imagefactory.js, or test/helpers/run-cli.ts from source: both are the imagefactory command.
  const script = path.basename(process.argv[1] ?? 'node');
  const command = /^(imagefactory|run-cli)(\.[jt]s)?$/.test(script) ? ['imagefactory', ...process.argv.slice(2)].join(' ') : [script, ...process.argv.slice(2)].join(' ');
  return { pid: process.pid, command, since: new Date().toISOString() };
}

/**
 * Takes an exclusive lock on `file` (created when missing) without waiting, and writes who holds it into
 * the file. The kernel keeps the lock until release() or until this process ends in any way, SIGKILL
 * included, so a lock is never stale. When another process holds it, says who (as that process wrote it).
 */
export function tryLockFile(file: string, holder: LockHolder = thisProcess()): LockAttempt {
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  let locked = false;
  try {
    locked = tryLock(fd);
  } finally {
    if (!locked) fs.closeSync(fd);
  }
  if (!locked) return { ok: false, holder: readLockHolder(file) };
  fs.ftruncateSync(fd);
  fs.writeSync(fd, `${JSON.stringify(holder)}\n`, 0);
  let held = true;
  return {
    ok: true,
    lock: {
      file,
      release() {
        if (!held) return;
        held = false;
        fs.closeSync(fd);
      },
    },
  };
}

/** True when some process holds the lock on `file` (false when the file does not exist). */
export function isLocked(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDWR);
  } catch {
    return false;
  }
  try {
    return !tryLock(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The holder a lock file names; undefined when it names none (empty, or being written). */
export function readLockHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, command: String(parsed.command ?? ''), since: String(parsed.since ?? '') } : undefined;
  } catch {
    return undefined;
  }
}
