import type { App } from '@slack/bolt';
import { SLACK_ACTION_IDS } from '../../templates/slack/button-value.js';
import { decisionClick, type ButtonClick } from '../decision-click.js';
import type { SlackDeps } from '../slack-deps.js';

/** Approve: the promotion gate's approval (Approve Build), by whoever clicked. */
export function register(app: App, deps: SlackDeps): void {
  app.action<ButtonClick['body']>(SLACK_ACTION_IDS.approve, (click) => decisionClick(deps, 'approve', click as ButtonClick));
}
