import type { App } from '@slack/bolt';
import { SLACK_ACTION_IDS } from '../../templates/slack/button-value.js';
import { decisionClick, type ButtonClick } from '../decision-click.js';
import type { SlackDeps } from '../slack-deps.js';

/** Reject: of a quarantined image (Reject Image) or of a build awaiting approval, by whoever clicked. */
export function register(app: App, deps: SlackDeps): void {
  app.action<ButtonClick['body']>(SLACK_ACTION_IDS.reject, (click) => decisionClick(deps, 'reject', click as ButtonClick));
}
