import type { NotifiedBuild } from '../../workflows/notification-types.js';
import type { CheckRunView } from '../check-run.js';
import type { BuildLinks } from '../build-links.js';
import type { SlackBuildView } from './approval-prompt.js';

/** The build of a notification as Slack messages tell it, with the scan's counts and its links. Pure. */
export function slackViewOf(build: NotifiedBuild, extra: { scan?: CheckRunView['scan']; links: BuildLinks }): SlackBuildView {
  return {
    buildId: build.buildId,
    tenantId: build.tenantId,
    image: build.image,
    repository: build.repository,
    commitSha: build.commit.sha,
    state: build.state,
    ...(build.approval ? { approval: build.approval } : {}),
    ...(extra.scan ? { scan: extra.scan } : {}),
    links: extra.links,
  };
}
