import type { App } from '@slack/bolt';
import { SLACK_ACTION_IDS } from '../../templates/slack/button-value.js';
import { decisionClick, type ButtonClick } from '../decision-click.js';
import type { SlackDeps } from '../slack-deps.js';

/** Release: a quarantined image released (Approve Image), by whoever clicked. */
export function register(app: App, deps: SlackDeps): void {
  app.action<ButtonClick['body']>(SLACK_ACTION_IDS.release, (click) => decisionClick(deps, 'release', click as ButtonClick));
}
