import type { Client } from '@temporalio/client';
import { readBuildLog } from '../activities/build-log-store.js';
import type { Database } from '../db/database.js';
import { statusQuery } from '../workflows/image-build.js';
import type { BuildState } from '../workflows/image-build-types.js';
import { FINAL_STATUSES } from '../workflows/image-build-types.js';
import type { Io } from './io.js';

export interface WatchedBuild {
  buildId: string;
  image: string;
}

export interface WatchOptions {
  client: Client;
  db: Database;
  tenantId: string;
  builds: WatchedBuild[];
  io: Io;
  /** Resolves when the watch should stop (the pipeline ended). */
  done: Promise<unknown>;
  /** Stop watching early when this holds for the builds' latest states (e.g. all wait for a person). */
  stopWhen?(states: Map<string, BuildState>): boolean;
  /** Called once each time a build enters a status, with its state (prompts hook in here). */
  onStatus?(build: WatchedBuild, state: BuildState): Promise<void>;
  intervalMs?: number;
  /** Log lines shown per build on a terminal. */
  tailLines?: number;
}

const elapsed = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`);

/**
 * Shows builds as they go: on a terminal, a block redrawn in place (each build's status, step, elapsed time
 * and last log lines); elsewhere, one line per status change and each log line prefixed with its image.
 */
export async function watchBuilds(opts: WatchOptions): Promise<Map<string, BuildState>> {
  const started = Date.now();
  const states = new Map<string, BuildState>();
  const seen = new Map<string, string>();
  const logSeq = new Map<string, number>();
  const tails = new Map<string, string[]>();
  const width = Math.max(...opts.builds.map((b) => b.image.length));
  let finished = false;
  void opts.done.finally(() => (finished = true)).catch(() => {});
  let drawn = 0;

  const poll = async () => {
    for (const b of opts.builds) {
      const state = await opts.client.workflow
        .getHandle(b.buildId)
        .query(statusQuery)
        .catch(() => undefined);
      if (state) states.set(b.buildId, state);
      const lines = await readBuildLog(opts.db, opts.tenantId, b.buildId, logSeq.get(b.buildId) ?? 0, 2000).catch(() => []);
      if (lines.length > 0) logSeq.set(b.buildId, lines[lines.length - 1].seq);
      const tail = [...(tails.get(b.buildId) ?? []), ...lines.map((l) => l.line)].slice(-(opts.tailLines ?? 3));
      tails.set(b.buildId, tail);
      if (!opts.io.isTty) for (const l of lines) opts.io.out(`${b.image.padEnd(width)} | ${l.line}`);
      const key = state ? `${state.status}:${state.step}` : 'waiting';
      if (seen.get(b.buildId) !== key) {
        seen.set(b.buildId, key);
        if (!opts.io.isTty) opts.io.out(`${elapsed(Date.now() - started).padStart(7)}  ${b.image.padEnd(width)}  ${state ? state.step : 'waiting for a worker'}`);
        if (state && opts.onStatus && !FINAL_STATUSES.includes(state.status)) {
          clear();
          await opts.onStatus(b, state);
        }
      }
    }
    if (opts.io.isTty) draw();
  };

  const clear = () => {
    if (drawn > 0) opts.io.write(`\x1b[${drawn}A\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const out: string[] = [];
    for (const b of opts.builds) {
      const s = states.get(b.buildId);
      const since = !s ? Date.now() - started : (FINAL_STATUSES.includes(s.status) ? Date.parse(s.updatedAt) : Date.now()) - Date.parse(s.startedAt);
      out.push(`${b.image.padEnd(width)}  ${(s?.status ?? 'waiting').replace('_', ' ').padEnd(17)} ${elapsed(since).padStart(6)}  ${s?.step ?? ''}`);
      for (const l of tails.get(b.buildId) ?? []) out.push(`${' '.repeat(width)}  │ ${l}`);
    }
    // Lines longer than the terminal would wrap and break the redraw: cut them to its width.
    const columns = process.stdout.columns || 120;
    opts.io.out(out.map((l) => (l.length > columns ? `${l.slice(0, columns - 1)}…` : l)).join('\n'));
    drawn = out.length;
  };

  while (!finished) {
    await poll();
    if (opts.stopWhen && states.size === opts.builds.length && opts.stopWhen(states)) return states;
    await Promise.race([new Promise((r) => setTimeout(r, opts.intervalMs ?? 500)), opts.done.catch(() => {})]);
  }
  await poll();
  return states;
}
