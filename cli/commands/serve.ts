import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { imagefactoryApp } from '../../bot/app.js';
import type { BotDeps } from '../../bot/bot-deps.js';
import { redeliverFailed } from '../../bot/redeliver-failed.js';
import { openDatabase } from '../../db/open-database.js';
import { AppOctokit, appClient } from '../../github/app-client.js';
import { loadConfig } from '../../lib/config.js';
import { openFactorySession, type FactorySession } from '../../lib/factory-session.js';
import { createLogger } from '../../lib/logger.js';
import { connectTemporalClient } from '../../lib/temporal-connection.js';
import type { Io } from '../io.js';

type Env = Record<string, string | undefined>;

/** How often the App asks GitHub to send failed deliveries again (IMAGEFACTORY_REDELIVERY_INTERVAL seconds, default 300). */
const sweepEveryMs = (env: Env) => Math.max(1, Number(env.IMAGEFACTORY_REDELIVERY_INTERVAL ?? 300)) * 1000;

/**
 * `imagefactory serve`: the GitHub App. A Probot server on PORT (HOST) answering webhooks at WEBHOOK_PATH,
 * signed with WEBHOOK_SECRET; every handler hands its work to Temporal before it answers. With no
 * TEMPORAL_ADDRESS it also runs a worker and the embedded Temporal dev server, as `run` does; with it set it
 * is the bot alone (run workers with `imagefactory worker`). On start and every few minutes it asks GitHub
 * to deliver again what failed. Runs until SIGINT or SIGTERM.
 */
export async function runServe(io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  const app = config.githubApp;
  if (!app) {
    io.err('imagefactory serve: it is the GitHub App: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) of the App, and WEBHOOK_SECRET (see app.yml and docs/github-app.md)');
    return 2;
  }
  if (!app.webhookSecret) {
    io.err('imagefactory serve: WEBHOOK_SECRET is not set: the App verifies every webhook with the secret GitHub signs it with');
    return 2;
  }
  const { Probot, Server } = await import('probot');
  const log = createLogger(config, 'imagefactory-bot');
  const database = await openDatabase(config);
  let session: FactorySession | undefined;
  let closeClient: (() => Promise<void>) | undefined;
  try {
    let temporal;
    let taskQueue = config.taskQueue;
    if (config.temporalAddress) {
      temporal = await connectTemporalClient(config, config.temporalAddress);
      closeClient = () => temporal!.connection.close();
    } else {
      session = await openFactorySession(config, { database, tenantSchedules: true });
      temporal = session.client;
      taskQueue = session.taskQueue;
    }
    const deps: BotDeps = { config, db: database.db, temporal, taskQueue, log, processName: `${os.hostname()}:${process.pid}` };
    const ProbotWithApp = Probot.defaults({ appId: app.appId, privateKey: app.privateKey, secret: app.webhookSecret, baseUrl: app.baseUrl, log, Octokit: AppOctokit });
    const server = new Server({ Probot: ProbotWithApp, port: app.port, host: app.host, webhookPath: app.webhookPath, log, enableStaticFiles: false });
    await server.load(imagefactoryApp(deps));
    // Bolt is loaded only when Slack is configured.
    const slackApp = config.slackSigningSecret ? await import('../../slack/slack-app.js') : undefined;
    const slack = slackApp?.createSlackApp({ config, db: database.db, temporal, log });
    if (slack) server.addHandler((req, res) => slack.handle(req, res));
    const http = await server.start();
    const { port } = http.address() as AddressInfo;
    const base = `http://${app.host ?? 'localhost'}:${port}`;
    const sweep = () =>
      redeliverFailed({ db: database.db, app: appClient(app, (m) => log.warn(m)), log }).catch((err: unknown) => log.warn({ err }, 'could not ask GitHub for failed deliveries'));
    void sweep();
    const timer = setInterval(() => void sweep(), sweepEveryMs(env));
    io.err(`imagefactory serve: the GitHub App ${app.appId} listening on ${base}${app.webhookPath} (GitHub API ${app.baseUrl}); Temporal ${config.temporalAddress ?? 'embedded, with a worker in this process'}`);
    io.err(slack ? `imagefactory serve: Slack interactions at ${base}${slackApp!.SLACK_EVENTS_PATH} (Slack API ${config.slackApiUrl})` : 'imagefactory serve: Slack interactions are off: SLACK_SIGNING_SECRET is not set');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    clearInterval(timer);
    await server.stop();
    io.err('imagefactory serve: stopped');
    return 0;
  } finally {
    await closeClient?.();
    await session?.close();
    await database.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('serve')
    .description('Run the GitHub App: answer webhooks, start builds, take decisions from pull-request comments, check runs and Slack buttons.')
    .addHelpText(
      'after',
      `
Reads Probot's variables: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT (3000), HOST,
WEBHOOK_PATH (/api/github/webhooks), LOG_LEVEL, and GHE_HOST / GHE_PROTOCOL for GitHub Enterprise Server.
With no TEMPORAL_ADDRESS it also runs a worker and the embedded Temporal dev server; with it set, it is the
bot alone: run as many as you like behind a load balancer, and workers apart (imagefactory worker).
IMAGEFACTORY_REDELIVERY_INTERVAL (seconds, default 300): how often it asks GitHub for failed deliveries.
Slack (docs/slack.md): SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN turn on the approval buttons at
/slack/events on the same port; SLACK_API_URL (default https://slack.com/api/) is Slack's Web API.
The App's permissions and events are in app.yml.`,
    )
    .action(async () => {
      process.exitCode = await runServe(io);
    });
}
