import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * The cgroup parent a build's RUN processes are placed in (`cgroupparent` of POST /build): one per build,
 * so cancelling can find and kill exactly that build's processes. Ids are reduced to cgroup-safe names.
 */
export function buildCgroupParent(buildId: string): string {
  return `/imagefactory/${buildCgroupName(buildId)}`;
}

/**
 * The cgroup one run of a build uses: a child of the build's cgroup. Each attempt has its own, because the
 * engine destroys a container's cgroup (and what is left in it) when that container ends: an attempt that
 * a lost worker left running must not take a new attempt's processes down with it. Killing the build's
 * cgroup kills every attempt's.
 */
export function buildRunCgroup(buildId: string, runKey: string): string {
  return `${buildCgroupParent(buildId)}/${runKey.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function buildCgroupName(buildId: string): string {
  const safe = buildId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 80);
  const name = safe === buildId ? safe : `${safe}-${createHash('sha256').update(buildId).digest('hex').slice(0, 12)}`;
  return name.replace(/^\.+/, '_');
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/** Every directory of this cgroup in every mounted hierarchy (cgroup v2, the hybrid `unified`, v1 controllers). */
async function cgroupDirs(parent: string, root: string): Promise<string[]> {
  let hierarchies: string[];
  try {
    hierarchies = (await fs.readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
  } catch {
    return [];
  }
  const candidates = [path.join(root, parent), ...hierarchies.map((h) => path.join(h, parent))];
  const found: string[] = [];
  for (const dir of candidates) if (await exists(path.join(dir, 'cgroup.procs'))) found.push(dir);
  return found;
}

async function pidsUnder(dir: string, into: Set<number>): Promise<void> {
  const procs = await fs.readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  for (const line of procs.split('\n')) if (/^\d+$/.test(line.trim())) into.add(Number(line.trim()));
  const children = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const child of children) if (child.isDirectory()) await pidsUnder(path.join(dir, child.name), into);
}

export interface CgroupKillResult {
  /** Processes that were found in the build's cgroup and signalled. */
  killed: number[];
  /** Whether the kernel's atomic cgroup.kill (cgroup v2 or the hybrid unified hierarchy) was used. */
  cgroupKill: boolean;
}

/**
 * Kills every process in the build's cgroup (and its children): `cgroup.kill` where the kernel offers it,
 * then SIGKILL to each pid listed in any hierarchy's cgroup.procs. Only meaningful when the engine runs on
 * this machine. Finding nothing is not an error.
 */
export async function killBuildCgroup(buildId: string, root = CGROUP_ROOT): Promise<CgroupKillResult> {
  const dirs = await cgroupDirs(buildCgroupParent(buildId), root);
  const pids = new Set<number>();
  for (const dir of dirs) await pidsUnder(dir, pids);
  let cgroupKill = false;
  for (const dir of dirs) {
    if (await exists(path.join(dir, 'cgroup.kill'))) {
      cgroupKill = (await fs.writeFile(path.join(dir, 'cgroup.kill'), '1').then(() => true, () => false)) || cgroupKill;
    }
  }
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return { killed: [...pids], cgroupKill };
}

export interface CgroupReaper {
  /** Resolves with every pid killed once the grace period is over (or stop() was called). */
  done: Promise<number[]>;
  stop(): void;
}

/**
 * Keeps killing whatever appears in the build's cgroup for `graceMs`: a build cancelled between two steps
 * may still start its next RUN step before the engine notices the failed one, and this catches it.
 */
export function startCgroupReaper(buildId: string, opts: { graceMs: number; intervalMs?: number; root?: string }): CgroupReaper {
  const killed = new Set<number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let finish: (pids: number[]) => void = () => {};
  const done = new Promise<number[]>((resolve) => (finish = resolve));
  const deadline = Date.now() + opts.graceMs;
  const round = async () => {
    const r = await killBuildCgroup(buildId, opts.root);
    r.killed.forEach((p) => killed.add(p));
    if (stopped || Date.now() >= deadline) return finish([...killed]);
    timer = setTimeout(() => void round(), opts.intervalMs ?? 200);
    timer.unref();
  };
  void round();
  return {
    done,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      finish([...killed]);
    },
  };
}
