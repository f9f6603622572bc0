import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from './config.js';
import { embeddedTemporalFiles, processAlive, readServerFile, type EmbeddedTemporalFiles } from './embedded-temporal-files.js';
import { devServerAnswers, missingCliMessage } from './temporal-dev-server.js';
import { takeLease } from './temporal-leases.js';

export interface EmbeddedTemporal {
  address: string;
  /** Ends this process's use of the server (the supervisor stops it once nobody uses it). */
  release(): void;
}

const START_TIMEOUT_MS = 90_000;

export const NO_EMBEDDED_SERVER =
  'No Temporal server is running: set TEMPORAL_ADDRESS, or run this while `imagefactory run` (or `imagefactory worker`) is running.';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The data folder's embedded Temporal dev server, for as long as this process uses it: takes a lease, then
 * attaches to the server the folder's supervisor runs, or (mode 'start') starts the supervisor, which
 * starts the server. Two processes starting at once end up on one server. Mode 'attach' never starts one.
 */
export async function useEmbeddedTemporal(config: Pick<Config, 'dataDir' | 'temporalCli'>, mode: 'start' | 'attach'): Promise<EmbeddedTemporal> {
  const files = embeddedTemporalFiles(config.dataDir);
  const lease = takeLease(files);
  try {
    let address = await runningServer(files);
    if (!address && mode === 'attach') throw new Error(NO_EMBEDDED_SERVER);
    address ??= await startSupervisor(config, files);
    return { address, release: () => lease.release() };
  } catch (err) {
    lease.release();
    throw err;
  }
}

/** The address a living supervisor publishes, when its server answers there. */
async function runningServer(files: EmbeddedTemporalFiles): Promise<string | undefined> {
  const info = readServerFile(files);
  if (info && processAlive(info.supervisorPid) && (await devServerAnswers(info.address))) return info.address;
  return undefined;
}

/**
 * Starts a supervisor and waits for an answering server. The supervisor started here may find another
 * one (started by a process at the same moment) holding the lock, and leave: that one's server is waited for.
 */
async function startSupervisor(config: Pick<Config, 'dataDir' | 'temporalCli'>, files: EmbeddedTemporalFiles): Promise<string> {
  if (!fs.existsSync(config.temporalCli)) throw new Error(missingCliMessage(config.temporalCli));
  const child = spawnSupervisor(config, files);
  let status: number | undefined;
  child.once('exit', (code) => void (status = code ?? 1));
  child.once('error', () => void (status = 1));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const address = await runningServer(files);
    if (address) return address;
    if (status !== undefined && status !== 0) {
      throw new Error(supervisorFailure(files, child.pid) ?? `The Temporal dev server's supervisor exited with ${status}; see ${files.supervisorLog}.`);
    }
    if (Date.now() > deadline) {
      throw new Error(`The Temporal dev server did not come up within ${START_TIMEOUT_MS / 1000} s; see ${files.supervisorLog} and ${files.serverLog}.`);
    }
    await sleep(200);
  }
}

/** The supervisor runs detached (its own session), so it outlives this process and no terminal signal reaches it. */
function spawnSupervisor(config: Pick<Config, 'dataDir' | 'temporalCli'>, files: EmbeddedTemporalFiles): ChildProcess {
  fs.mkdirSync(files.dir, { recursive: true });
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = path.join(path.dirname(here), `temporal-supervisor-main${ext}`);
  // Running from source (.ts) the entry needs tsx, as the CLI itself does; the built CLI runs plain .js.
  const loader = ext === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const out = fs.openSync(files.supervisorLog, 'a');
  try {
    const child = spawn(process.execPath, [...loader, entry, config.dataDir, config.temporalCli], {
      cwd: files.dir,
      detached: true,
      stdio: ['ignore', out, out],
    });
    child.unref();
    return child;
  } finally {
    fs.closeSync(out);
  }
}

/** The failure the supervisor with this pid logged (its log is JSON lines, one sentence each). */
function supervisorFailure(files: EmbeddedTemporalFiles, pid: number | undefined): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(files.supervisorLog, 'utf8');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n').reverse()) {
    try {
      const entry = JSON.parse(line) as { pid?: number; failure?: string };
      if (entry.pid === pid && entry.failure) return entry.failure;
    } catch {
      // not a log line of ours
    }
  }
  return undefined;
}
