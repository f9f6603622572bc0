// How long a command takes from start to exit, beside Node itself starting on the same box in the same run:
// `imagefactory validate` and `imagefactory can` load only what they need (goal: at most 0.2 s each).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = `${ROOT}bin/imagefactory.js`;
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const GOAL_S = 0.2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median wall time of `node ARGS` over RUNS runs (after one warm-up), in seconds. */
function time(args: string[]): number {
  const runs: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    if (r.status === null) throw new Error(`node ${args.join(' ')} was killed`);
    if (i > 0) runs.push((performance.now() - t0) / 1000);
  }
  return median(runs);
}

export async function benchCliStart(): Promise<boolean> {
  if (!fs.existsSync(`${ROOT}dist/cli/main.js`)) throw new Error('the CLI is not built: npm run build');
  const node = time(['-e', '0']);
  const cases: [string, string[]][] = [
    ['imagefactory validate examples/hello', [BIN, 'validate', 'examples/hello']],
    ['imagefactory can developer create-build', [BIN, 'can', 'developer', 'create-build', '--method', 'dockerfile']],
  ];
  console.log(`node -e 0:                                   median ${node.toFixed(3)} s over ${RUNS} runs`);
  let ok = true;
  for (const [label, args] of cases) {
    const t = time(args);
    const within = t <= GOAL_S;
    ok &&= within;
    console.log(`${label.padEnd(44)} median ${t.toFixed(3)} s (${(t - node).toFixed(3)} s over node; goal ${GOAL_S} s: ${within ? 'met' : 'NOT met'})`);
  }
  return ok;
}
