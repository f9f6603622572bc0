import { randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { freePort } from '../../lib/temporal-dev-server.js';
import { startCliProcess, type BackgroundCli } from './cli-process.js';
import type { GitHubDouble } from './github-double.js';
import { until } from './until.js';

export const WEBHOOK_SECRET = 'test-webhook-secret';

export interface BotProcess {
  url: string;
  port: number;
  cli: BackgroundCli;
  /** What the bot logged so far (stderr: pino JSON lines). */
  logs(): string;
  /** Sends a webhook signed as GitHub signs it (or with `signature` as given); returns the HTTP status and body. */
  deliver(event: string, payload: unknown, opts?: { guid?: string; signature?: string | null }): Promise<{ status: number; body: string; guid: string }>;
  stop(): Promise<void>;
}

/** The environment a bot (or a worker of the App) runs with against a GitHub double. */
export function appEnv(github: GitHubDouble, extra: Record<string, string> = {}): Record<string, string> {
  return { APP_ID: String(github.app.id), PRIVATE_KEY: github.app.privateKey, WEBHOOK_SECRET, GHE_HOST: github.gheHost, GHE_PROTOCOL: 'http', ...extra };
}

/**
 * Starts `imagefactory serve` as a real process on a port (a free one unless given), against the GitHub
 * double, and waits until it listens. The double delivers its webhooks there (github.deliverWebhook).
 */
export async function startBotProcess(github: GitHubDouble, extra: Record<string, string> = {}, port?: number): Promise<BotProcess> {
  port ??= await freePort();
  github.setWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, WEBHOOK_SECRET);
  const cli = startCliProcess(['serve'], appEnv(github, { PORT: String(port), HOST: '127.0.0.1', ...extra }));
  let stderr = '';
  cli.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await until(() => stderr.includes('listening on') || cli.child.exitCode !== null, 'the bot to listen');
  if (cli.child.exitCode !== null) throw new Error(`imagefactory serve exited: ${stderr}`);
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  return {
    port,
    url,
    cli,
    logs: () => stderr,
    async deliver(event, payload, opts = {}) {
      const body = JSON.stringify(payload);
      const guid = opts.guid ?? randomUUID();
      const signature = opts.signature === undefined ? await sign(WEBHOOK_SECRET, body) : opts.signature;
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': guid, 'user-agent': 'GitHub-Hookshot/test' };
      if (signature !== null) headers['x-hub-signature-256'] = signature;
      const res = await fetch(url, { method: 'POST', headers, body });
      return { status: res.status, body: await res.text(), guid };
    },
    async stop() {
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
      const done = cli.done;
      cli.child.kill('SIGTERM');
      await done;
    },
  };
}
