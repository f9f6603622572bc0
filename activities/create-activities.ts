import type Docker from 'dockerode';
import type { Database } from '../db/database.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import { governanceActivities } from './admit-build.js';
import { announceBuildActivity, type GitHubInstallations } from './announce-build.js';
import { auditCheckpointActivities } from './audit-checkpoints.js';
import { buildImageActivity } from './build-image.js';
import { buildRecordActivities } from './build-records.js';
import { deliverEmailActivity } from './deliver-email.js';
import { digestActivities } from './digests.js';
import type { BuilderRegistry } from './builders/builder-registry.js';
import { imageTransferActivities } from './image-transfers.js';
import type { Mailer } from './mailer.js';
import { notificationRecordActivities } from './notification-records.js';
import type { RegistryCredentials } from './registry/registry-auth.js';
import type { RegistryClient } from './registry/registry-client.js';
import { rescanActivities } from './rescan-images.js';
import { scanImageActivity } from './scan-image.js';
import type { SlackClient } from './slack-client.js';
import { slackMessageActivities } from './slack-messages.js';
import type { SourceCheckouts } from './source-checkout.js';
import type { Scanner } from './scanners/scanner.js';

/** The real clients activities work with; a worker builds them once from its configuration. */
export interface ActivityDeps {
  db: Database;
  docker: Docker;
  builders: BuilderRegistry;
  registry: RegistryClient;
  /** For the engine's push (the registry client and the scanner hold their own copy). */
  registryCredentials: RegistryCredentials;
  scanner: Scanner;
  /** The Ed25519 key that signs audit checkpoints (IMAGEFACTORY_AUDIT_KEY), read on each run. */
  auditKeyPath: string;
  /** Who people are and what the tenant allows, from the mappings and configuration in force. */
  governance: ActorResolver;
  /** Brings a build's source onto the worker (a local folder, or a GitHub commit). */
  sources: SourceCheckouts;
  /** The App's installations, to write check runs (none: this worker has no GitHub App). */
  github?: GitHubInstallations;
  /** Sends notification emails (SMTP_URL, MAIL_FROM); none: email is off on this worker. */
  mailer?: Mailer;
  /** Posts and updates Slack messages (SLACK_BOT_TOKEN, SLACK_API_URL); none: Slack is off on this worker. */
  slack?: SlackClient;
  /** GitHub's web root (https://github.com, or a GitHub Enterprise Server's), for the links messages carry. */
  githubWebUrl?: string;
}

/** Every activity the workflows call, bound to the worker's clients. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...governanceActivities(deps),
    ...buildRecordActivities(deps.db),
    buildImage: buildImageActivity(deps),
    ...imageTransferActivities(deps),
    scanImage: scanImageActivity(deps),
    ...rescanActivities(deps),
    ...auditCheckpointActivities(deps),
    announceBuild: announceBuildActivity(deps),
    deliverEmail: deliverEmailActivity(deps),
    ...slackMessageActivities(deps),
    ...notificationRecordActivities(deps),
    ...digestActivities(deps),
  };
}
