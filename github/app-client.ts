import { ProbotOctokit } from 'probot';
import type { GitHubAppConfig } from '../lib/github-app-config.js';
import type { GitHubClient } from './github-client.js';

const quiet = () => undefined;
const log = (warn: (message: string) => void) => ({ debug: quiet, info: quiet, warn, error: warn });
const stderr = (message: string) => void process.stderr.write(`${message}\n`);

/** An Octokit authenticated as the App itself (a JWT signed with its private key): /app/... routes. */
export function appClient(app: GitHubAppConfig, warn: (message: string) => void = stderr): GitHubClient {
  return new ProbotOctokit({ baseUrl: app.baseUrl, auth: { appId: app.appId, privateKey: app.privateKey }, userAgent: 'imagefactory', log: log(warn) });
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
    client = new ProbotOctokit({ baseUrl: app.baseUrl, auth: { appId: app.appId, privateKey: app.privateKey, installationId }, userAgent: 'imagefactory', log: log(warn) });
    clients.set(key, client);
  }
  return client;
}
