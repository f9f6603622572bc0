import fs from 'node:fs';
import path from 'node:path';

export interface EmbeddedProcesses {
  /** `temporal server start-dev` processes on the folder's state file. */
  servers: number[];
  /** Supervisor processes of the folder. */
  supervisors: number[];
}

/** The embedded Temporal processes of a data folder running now, read from /proc (zombies have no command line). */
export function embeddedProcesses(dataDir: string): EmbeddedProcesses {
  const stateDb = path.join(dataDir, 'temporal', 'state.db');
  const found: EmbeddedProcesses = { servers: [], supervisors: [] };
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.includes('start-dev') && argv.includes(stateDb)) found.servers.push(Number(name));
    else if (argv.some((a) => a.includes('temporal-supervisor-main')) && argv.includes(dataDir)) found.supervisors.push(Number(name));
  }
  return found;
}

/** Samples the folder's processes every 200 ms until stop(): every server process seen, and the most at once. */
export function watchEmbeddedProcesses(dataDir: string): { servers: Set<number>; mostAtOnce(): number; stop(): void } {
  const servers = new Set<number>();
  let most = 0;
  const sample = () => {
    const now = embeddedProcesses(dataDir).servers;
    for (const pid of now) servers.add(pid);
    most = Math.max(most, now.length);
  };
  sample();
  const timer = setInterval(sample, 200);
  timer.unref();
  return { servers, mostAtOnce: () => most, stop: () => clearInterval(timer) };
}

/** The messages of the folder's supervisor log (temporal/supervisor.log, JSON lines). */
export function supervisorMessages(dataDir: string): string[] {
  const file = path.join(dataDir, 'temporal', 'supervisor.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => String((JSON.parse(l) as { msg?: string }).msg));
}
