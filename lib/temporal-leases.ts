import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EmbeddedTemporalFiles } from './embedded-temporal-files.js';
import { isLocked, readLockHolder, tryLockFile, type LockHolder } from './file-lock.js';

export interface Lease {
  file: string;
  /** Ends this process's use of the server; ending the process in any way (SIGKILL too) does the same. */
  release(): void;
}

/**
 * Records that this process uses the embedded server: a lease file in `leases/`, locked for as long as the
 * process holds it. It is locked under a temporary name and then renamed, so the supervisor never sees an
 * unlocked lease of a living process.
 */
export function takeLease(files: EmbeddedTemporalFiles): Lease {
  fs.mkdirSync(files.leases, { recursive: true });
  const base = path.join(files.leases, `${process.pid}-${randomBytes(4).toString('hex')}`);
  const attempt = tryLockFile(`${base}.tmp`);
  if (!attempt.ok) throw new Error(`Could not lock ${base}.tmp, a new lease file of this process.`);
  const file = `${base}.lease`;
  fs.renameSync(`${base}.tmp`, file);
  return {
    file,
    release() {
      fs.rmSync(file, { force: true });
      attempt.lock.release();
    },
  };
}

/** A temporary lease file older than this belongs to a process that died while taking its lease. */
const ABANDONED_MS = 10_000;

/**
 * The processes holding a lease now. Leases whose lock is free belong to processes that ended without
 * releasing them (killed): they are removed and do not count.
 */
export function liveLeases(files: EmbeddedTemporalFiles, now = Date.now()): LockHolder[] {
  let names: string[];
  try {
    names = fs.readdirSync(files.leases);
  } catch {
    return [];
  }
  const live: LockHolder[] = [];
  for (const name of names) {
    const file = path.join(files.leases, name);
    const lease = name.endsWith('.lease');
    if (!lease && !(name.endsWith('.tmp') && now - mtimeOf(file) > ABANDONED_MS)) continue;
    if (isLocked(file)) {
      if (lease) live.push(readLockHolder(file) ?? { pid: Number(name.split('-')[0]), command: '', since: '' });
    } else {
      fs.rmSync(file, { force: true });
    }
  }
  return live;
}

function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
