import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from './config.js';
import { freePort, startDevServer, type DevServer } from './temporal-dev-server.js';

export interface TemporalEndpoint {
  address: string;
  /** True when this process started the embedded dev server (and stop() ends it). */
  embedded: boolean;
  stop(): Promise<void>;
}

interface ServerFile {
  address: string;
  pid: number;
}

const serverFile = (config: Config) => path.join(config.dataDir, 'temporal', 'server.json');

async function answers(address: string): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: 1000 });
    await conn.workflowService.getSystemInfo({});
    await conn.close();
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The embedded dev server another imagefactory process started on this data folder, if it still runs. */
export async function runningEmbeddedServer(config: Config): Promise<string | undefined> {
  try {
    const info = JSON.parse(fs.readFileSync(serverFile(config), 'utf8')) as ServerFile;
    if (alive(info.pid) && (await answers(info.address))) return info.address;
  } catch {
    // no server file: nothing running
  }
  return undefined;
}

/**
 * Finds the Temporal server to use: TEMPORAL_ADDRESS when set; else an embedded dev server already running
 * on this data folder; else (mode 'start') a new embedded dev server whose state is kept in the data
 * folder, so builds survive a restart. Mode 'attach' refuses to start one (commands that only talk to
 * running builds).
 */
export async function resolveTemporal(config: Config, mode: 'start' | 'attach'): Promise<TemporalEndpoint> {
  if (config.temporalAddress) return { address: config.temporalAddress, embedded: false, stop: async () => {} };
  const running = await runningEmbeddedServer(config);
  if (running) return { address: running, embedded: false, stop: async () => {} };
  if (mode === 'attach') {
    throw new Error('No Temporal server is running: set TEMPORAL_ADDRESS, or run this while `imagefactory run` (or `imagefactory worker`) is running.');
  }
  const dir = path.join(config.dataDir, 'temporal');
  fs.mkdirSync(dir, { recursive: true });
  const port = (await answers('127.0.0.1:7233')) ? await freePort() : 7233;
  const server: DevServer = await startDevServer({
    executable: config.temporalCli,
    dbFile: path.join(dir, 'state.db'),
    port,
    logFile: path.join(dir, 'server.log'),
  });
  fs.writeFileSync(serverFile(config), JSON.stringify({ address: server.address, pid: server.pid } satisfies ServerFile));
  return {
    address: server.address,
    embedded: true,
    async stop() {
      fs.rmSync(serverFile(config), { force: true });
      await server.stop();
    },
  };
}
