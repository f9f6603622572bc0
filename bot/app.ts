import type { ApplicationFunction } from 'probot';
import type { BotDeps } from './bot-deps.js';
import { register as checkRun } from './events/check-run.js';
import { register as installation } from './events/installation.js';
import { register as issueComment } from './events/issue-comment.js';
import { register as pullRequest } from './events/pull-request.js';
import { register as push } from './events/push.js';

/** The event handlers, one file each in bot/events/. */
const EVENTS: ((app: Parameters<ApplicationFunction>[0], deps: BotDeps) => void)[] = [installation, issueComment, checkRun, push, pullRequest];

/** The Image Factory GitHub App: registers every event handler with its dependencies. */
export function imagefactoryApp(deps: BotDeps): ApplicationFunction {
  return (app) => {
    for (const register of EVENTS) register(app, deps);
  };
}
