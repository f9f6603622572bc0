import type { NotificationEvent, Severity } from '../manifest/types.js';
import type { ActorRef } from '../policies/actor.js';
import type { ApprovalRule } from '../policies/build-rules.js';
import type { Delivery } from '../policies/notification-audiences.js';
import type { BuildState, ImageBuildInput } from './image-build-types.js';

/** The build a notification is about, as it was when the event happened: what messages are rendered from. */
export interface NotifiedBuild {
  buildId: string;
  tenantId: string;
  /** owner/name, or the local folder's name. */
  repository: string;
  image: string;
  commit: ImageBuildInput['commit'];
  /** The GitHub repository (and pull request) the build is of, for links; none for a local folder. */
  github?: { owner: string; repo: string; pullRequest?: number };
  requestedBy: ActorRef;
  trigger: string;
  state: BuildState;
  /** The approval rule in force, once admitted. */
  approval?: ApprovalRule;
}

/**
 * One event of one build run and everyone to tell about it: the input of the `notificationDelivery`
 * workflow (id `notify/<buildId>/<runId>/<event>`), one activity call per delivery.
 */
export interface NotificationInput {
  tenantId: string;
  buildId: string;
  /** The build's workflow run: each run (a rebuild, a retry) notifies on its own. */
  runId: string;
  event: NotificationEvent;
  /** When it happened (ISO, the build workflow's clock). */
  at: string;
  build: NotifiedBuild;
  /** For `vulnerability_found`: what the re-scan of the promoted image found. */
  rescan?: RescanNotice;
  /** Each recipient on each channel, once: `{ channel: 'email', recipient: 'team@acme.com' }`, `{ channel: 'slack', recipient: '#builds' }`. */
  deliveries: Delivery[];
}

/** What a re-scan of a promoted image found that its scans before had not: the `vulnerability_found` notification's news. */
export interface RescanNotice {
  digest: string;
  /** What was scanned: repository@digest (where it was promoted, else its release repository). */
  target: string;
  /** When it was re-scanned, and when its vulnerability database was built (ISO). */
  scannedAt: string;
  dbUpdatedAt?: string;
  /** The vulnerabilities blocking now that were not before. */
  newlyBlocking: { id: string; pkg: string; severity: Severity; installed?: string; fixed?: string; title?: string }[];
  /** Every id blocking now. */
  blocking: string[];
  /** Everything the re-scan found, by severity. */
  bySeverity: Partial<Record<Severity, number>>;
  /** Where the rules came from (the scan policy and the manifest's settings). */
  policy: string;
}

/** What a delivery activity gets: the notification and the one delivery it makes. */
export interface DeliveryRequest {
  notification: NotificationInput;
  delivery: Delivery;
}

/** What a delivery came to: sent now, or found sent by an earlier attempt (never sent twice). */
export interface DeliveryOutcome {
  status: 'sent' | 'already_sent';
}

/** What the notification workflow returns: each delivery's outcome, or why it was given up. */
export interface NotificationResult {
  sent: Delivery[];
  failed: (Delivery & { error: string })[];
}

/** The workflow id of one event's notification: a duplicate start (a replayed or retried build) is refused by Temporal. */
export const notificationWorkflowId = (n: Pick<NotificationInput, 'buildId' | 'runId' | 'event'>) => `notify/${n.buildId}/${n.runId}/${n.event}`;
