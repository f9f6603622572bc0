// The pipeline (build, push, scan, publish, promote through Temporal, with the audit trail) against
// `podman build` + `podman push` of the same context by hand. Prints medians and the overhead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { openFactorySession } from '../../lib/factory-session.js';
import { planBuilds } from '../../builds/plan-builds.js';
import { startPipeline } from '../../builds/start-pipeline.js';
import type { Manifest } from '../../manifest/types.js';
import { LOCAL_TENANT } from '../../roles/local-tenant.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const base = process.env.BASE_IMAGE ?? `${config.registry}/imagefactory/base/busybox:1`;
const stamp = Date.now().toString(36);

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

/** A small repository whose RUN steps do real work; each run changes a file so the RUN steps run again. */
function makeContext(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-bench-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\nCOPY app /app\nRUN for i in $(seq 1 2000); do echo "line $i" >> /app/generated.txt; done && sha256sum /app/* > /app/SUMS\nRUN tar -cf /tmp/app.tar /app && gzip -9 /tmp/app.tar\n`);
  fs.mkdirSync(path.join(dir, 'app'));
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(dir, 'app', `file-${i}.txt`), `${'x'.repeat(4096)}\n`);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function commit(dir: string, run: number): string {
  fs.writeFileSync(path.join(dir, 'app', 'run.txt'), `run ${run} ${stamp}\n`);
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', `run ${run}`);
  return git(dir, 'rev-parse', 'HEAD');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function benchPipeline(): Promise<void> {
  const dir = makeContext();
  const repo = `bench-${stamp}`;
  const manifest: Manifest = {
    version: 1,
    images: { app: { method: 'dockerfile', registry: `${config.registry}/bench/${repo}`, scan: { on_missing_db: 'warn' }, promote: { to: `${config.registry}/bench/${repo}-release` } } },
  };
  const session = await openFactorySession(config, { taskQueue: `bench-${stamp}` });
  const pipeline: number[] = [];
  const byHand: number[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    for (let run = 0; run < RUNS; run++) {
      const sha = commit(dir, run);
      const plan = planBuilds({
        tenantId: LOCAL_TENANT,
        repository: repo,
        sourceUrl: `file://${dir}`,
        manifest,
        commit: { sha, ref: 'refs/heads/main', branch: 'main', dirty: false },
        source: { kind: 'local', path: dir },
        requestedBy: { login: config.user, channel: 'cli' },
        trigger: 'bench',
        requestedAt: new Date(),
        defaultRegistry: config.registry,
      });
      let t0 = performance.now();
      const { handle } = await startPipeline(session.client, session.taskQueue, plan);
      const [result] = await handle.result();
      if (result.status !== 'succeeded') throw new Error(`pipeline run ${run} ended ${result.status}: ${result.error ?? ''}`);
      pipeline.push(performance.now() - t0);

      fs.writeFileSync(path.join(dir, 'app', 'run.txt'), `by hand ${run} ${stamp}\n`);
      const ref = `${config.registry}/bench/${repo}-by-hand:${run}`;
      t0 = performance.now();
      execFileSync('podman', ['build', '-q', '-t', ref, dir], { stdio: 'ignore' });
      execFileSync('podman', ['push', '-q', ref], { stdio: 'ignore' });
      byHand.push(performance.now() - t0);
      process.stderr.write(`run ${run + 1}/${RUNS}: pipeline ${secs(pipeline[run])}, by hand ${secs(byHand[run])}\n`);
    }
  } finally {
    clearInterval(sampler);
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const p = median(pipeline);
  const h = median(byHand);
  console.log(`pipeline (build, push, scan, publish, promote, audit): median ${secs(p)} over ${RUNS} runs (min ${secs(Math.min(...pipeline))}, max ${secs(Math.max(...pipeline))})`);
  console.log(`podman build + push by hand:                        median ${secs(h)} over ${RUNS} runs (min ${secs(Math.min(...byHand))}, max ${secs(Math.max(...byHand))})`);
  console.log(`overhead: ${secs(p - h)} (${((p / h - 1) * 100).toFixed(0)}%); peak RSS of this process (client + worker): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
}

