// Webhooks the App ignores, per second, beside a bare Probot app with a no-op handler, on the same box in the
// same run (goal: at least 0.8x): both verify the signature and parse the payload; the App then decides from
// the payload alone that a comment holds no command.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sign } from '@octokit/webhooks-methods';
import { freePort } from '../../lib/temporal-dev-server.js';
import { startGitHubDouble } from '../../test/helpers/github-double.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'bench-webhook-secret';
const REQUESTS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const CONCURRENCY = 16;
const GOAL = 0.8;

function startProcess(args: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${err}`)));
  });
}

/** Sends REQUESTS signed deliveries of one payload, CONCURRENCY at a time; returns deliveries per second. */
async function blast(url: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const signature = await sign(SECRET, body);
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': `bench-${i}-${Date.now()}`, 'x-hub-signature-256': signature } });
        await res.arrayBuffer();
        if (res.status >= 300) failed++;
      }
    }),
  );
  if (failed > 0) throw new Error(`${failed} of ${REQUESTS} deliveries were not answered 2xx`);
  return REQUESTS / ((performance.now() - t0) / 1000);
}

export async function benchWebhooks(): Promise<boolean> {
  const github = await startGitHubDouble();
  const appEnv = { APP_ID: String(github.app.id), PRIVATE_KEY: github.app.privateKey, WEBHOOK_SECRET: SECRET, GHE_HOST: github.gheHost, GHE_PROTOCOL: 'http', HOST: '127.0.0.1' };
  const [barePort, appPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  try {
    children.push(await startProcess(['--import', 'tsx', 'scripts/bench/bare-probot.ts'], { ...appEnv, PORT: String(barePort) }, 'bare probot listening'));
    children.push(await startProcess(['bin/imagefactory.js', 'serve'], { ...appEnv, PORT: String(appPort), IMAGEFACTORY_REDELIVERY_INTERVAL: '3600' }, 'listening on'));
    const payload = {
      action: 'created',
      issue: { number: 7, pull_request: { url: 'x' } },
      comment: { id: 1, body: 'Thanks, that looks good to me.\n\n> /approve (quoted, not a command)', user: { login: 'dev', type: 'User' } },
      repository: { name: 'api', full_name: 'acme/api', owner: { login: 'acme', id: 42 } },
      installation: { id: 1 },
      sender: { login: 'dev', type: 'User' },
    };
    await blast(`http://127.0.0.1:${barePort}/api/github/webhooks`, payload); // warm-up
    const bare = await blast(`http://127.0.0.1:${barePort}/api/github/webhooks`, payload);
    await blast(`http://127.0.0.1:${appPort}/api/github/webhooks`, payload);
    const app = await blast(`http://127.0.0.1:${appPort}/api/github/webhooks`, payload);
    const ratio = app / bare;
    console.log(`bare Probot, no-op handler:     ${bare.toFixed(0)} webhooks/s (${REQUESTS} deliveries, ${CONCURRENCY} at a time)`);
    console.log(`imagefactory serve, ignored:    ${app.toFixed(0)} webhooks/s: ${ratio.toFixed(2)}x (goal ${GOAL}x: ${ratio >= GOAL ? 'met' : 'NOT met'})`);
    return ratio >= GOAL;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await github.close();
  }
}
