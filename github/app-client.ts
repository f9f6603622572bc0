import type { GitHubAppConfig } from '../lib/github-app-config.js';
import { FactoryOctokit, type GitHubClient } from './github-client.js';

const quiet = () => undefined;
const log = (warn: (message: string) => void) => ({ debug: quiet, info: quiet, warn, error: warn });
const stderr = (message: string) => void process.stderr.write(`${message}\n`);

interface ClientOptions {
  auth?: { installationId?: number | string } | string;
  throttle?: Record<string, unknown>;
}

/** Whose queues a client's requests wait in: its installation's, or the App's own. */
const throttleIdOf = (auth: ClientOptions['auth']) => {
  const installationId = typeof auth === 'object' ? auth.installationId : undefined;
  return installationId === undefined ? 'app' : `installation:${installationId}`;
};

/**
 * Probot's Octokit, with @octokit/plugin-throttling's queues kept per installation rather than one for the
 * whole process: GitHub's secondary limits (writes about a second apart, content that notifies people a few
 * seconds apart) count per installation, so one organisation's comments never wait behind another's. Plain
 * reads skip the queues' timers (directReads), still at most ten at a time per installation and retried.
 * `imagefactory serve` gives it to Probot (every webhook's client) and installationClient uses it.
 */
export const AppOctokit = FactoryOctokit.defaults((options: ClientOptions) => ({ ...options, throttle: { ...options.throttle, id: throttleIdOf(options.auth) } }));

/** An Octokit authenticated as the App itself (a JWT signed with its private key): /app/... routes. */
export function appClient(app: GitHubAppConfig, warn: (message: string) => void = stderr): GitHubClient {
  return new AppOctokit({ baseUrl: app.baseUrl, auth: { appId: app.appId, privateKey: app.privateKey }, userAgent: 'imagefactory', log: log(warn) });
}

const clients = new Map<string, GitHubClient>();

/**
 * An Octokit acting as one installation of the App: it asks GitHub for an installation token (POST
 * /app/installations/{id}/access_tokens) and renews it as it expires. One per installation per process, so
 * the token is shared. What the bot gets in a webhook's context, for workers and anything else.
 */
export function installationClient(app: GitHubAppConfig, installationId: number, warn: (message: string) => void = stderr): GitHubClient {
  const key = `${app.baseUrl}|${app.appId}|${installationId}`;
  let client = clients.get(key);
  if (!client) {
    client = new AppOctokit({ baseUrl: app.baseUrl, auth: { appId: app.appId, privateKey: app.privateKey, installationId }, userAgent: 'imagefactory', log: log(warn) });
    clients.set(key, client);
  }
  return client;
}
