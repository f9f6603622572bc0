import path from 'node:path';
import type { Config } from '../lib/config.js';
import type { Database } from '../db/database.js';
import { installationClient } from '../github/app-client.js';
import { configuredTeams } from '../github/configured-teams.js';
import { createActorResolver } from '../roles/actor-resolver.js';
import { githubWebUrl } from '../templates/build-links.js';
import { githubCheckouts } from './github-checkouts.js';
import { openMailer } from './mailer.js';
import { openSlackClient } from './slack-client.js';
import { LOCAL_CHECKOUTS } from './source-checkout.js';
import { createEngineBuilders } from './builders/builder-registry.js';
import type { ActivityDeps } from './create-activities.js';
import { createDockerClient, dockerTlsFromEnv, getEngineInfo } from './engine/docker-client.js';
import { registryCredentialsFromEnv } from './registry/registry-auth.js';
import { RegistryClient } from './registry/registry-client.js';
import { TrivyScanner } from './scanners/trivy-scanner.js';

/**
 * The real clients a worker's activities use, from the configuration: the Docker Engine API (Podman's
 * socket locally), the registry API, Trivy, the SMTP server. Asks the engine what it is once, so a missing
 * engine is found at start, not in the middle of a build.
 */
export async function openActivityDeps(config: Config, db: Database): Promise<ActivityDeps> {
  const docker = createDockerClient(config.dockerHost, dockerTlsFromEnv());
  let engine;
  try {
    engine = await getEngineInfo(docker, config.dockerHost);
  } catch (err) {
    throw new Error(`No container engine answers at DOCKER_HOST=${config.dockerHost} (${(err as Error).message}): run \`npm run setup\`, or point DOCKER_HOST at a Docker Engine API.`, { cause: err });
  }
  const credentials = registryCredentialsFromEnv();
  const app = config.githubApp;
  return {
    db,
    docker,
    builders: createEngineBuilders({ docker, engine }),
    registry: new RegistryClient({ insecureRegistries: config.insecureRegistries, credentials }),
    registryCredentials: credentials,
    auditKeyPath: config.auditKeyPath,
    governance: createActorResolver({ db, config, teams: configuredTeams(config) }),
    // With the App, GitHub commits are fetched as the installation's tarball; without it, local folders only.
    sources: config.githubApp ? githubCheckouts({ app: config.githubApp, root: path.join(config.dataDir, 'checkouts'), maxBytes: config.sourceMaxBytes }) : LOCAL_CHECKOUTS,
    // With the App, builds of GitHub commits write their check runs as the installation.
    github: app && { appId: app.appId, client: (installationId) => installationClient(app, installationId) },
    // Notifications: email through SMTP_URL as MAIL_FROM, Slack with SLACK_BOT_TOKEN (none: that channel is off), links to the GitHub the App serves.
    mailer: openMailer(config),
    slack: openSlackClient(config),
    githubWebUrl: githubWebUrl(app?.baseUrl ?? config.githubApiUrl),
    scanner: new TrivyScanner({ trivy: config.trivy, dbDir: config.trivyDbDir, insecureRegistries: config.insecureRegistries, credentials }),
  };
}
