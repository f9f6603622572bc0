import { createHash } from 'node:crypto';
import type { Database } from '../db/database.js';
import { readEarlierScan, readPromotedImages, recordRescan, type PromotedImage } from '../db/promoted-images.js';
import type { ActorChannel } from '../policies/actor.js';
import { deliveriesFor, notificationAudiences } from '../policies/notification-audiences.js';
import { judgeRescan, rescanRule } from '../policies/rescan-policy.js';
import { evaluateScan } from '../policies/scan-policy.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import type { BuildState } from '../workflows/image-build-types.js';
import type { NotificationInput, NotifiedBuild, RescanNotice } from '../workflows/notification-types.js';
import type { Mailer } from './mailer.js';
import { deliverableChannels, onChannels } from './notification-channels.js';
import { findingsOf, scanInActivity, scanSummary } from './scan-image.js';
import type { ScanReport, Scanner } from './scanners/scanner.js';

export interface RescanImageInput {
  tenantId: string;
  image: PromotedImage;
  /** The re-scan run (`<workflowId>/<runId>`): with the digest, the key its scan is kept under. */
  run: string;
}

/** What one digest's re-scan came to; `notification` is what to tell, when something is newly blocking and someone hears. */
export interface RescanOutcome {
  buildId: string;
  digest: string;
  dbStatus: ScanReport['dbStatus'];
  blocking: string[];
  newlyBlocking: string[];
  notification?: NotificationInput;
}

/** A finding set of a digest, the same text every time: what a notification of it is keyed on. */
const findingSetId = (digest: string, ids: readonly string[]) => createHash('sha256').update(`${digest}\n${[...ids].sort().join('\n')}`).digest('hex').slice(0, 16);

/** The build as the message tells it: delivered, with the re-scan's findings and verdict. */
function notifiedBuild(tenantId: string, image: PromotedImage, state: Pick<BuildState, 'findings' | 'verdict'>): NotifiedBuild {
  const [owner, repo] = image.repository.split('/');
  const where = image.promoted ? `promoted to ${image.target.split('@')[0]}` : `published to ${image.target.split('@')[0]}`;
  return {
    buildId: image.buildId,
    tenantId,
    repository: image.repository,
    image: image.image,
    commit: image.commit,
    ...(image.onGitHub && repo ? { github: { owner, repo } } : {}),
    requestedBy: { login: image.author, channel: (image.channel ?? 'cli') as ActorChannel },
    trigger: image.trigger,
    state: {
      buildId: image.buildId,
      image: image.image,
      status: 'succeeded',
      step: where,
      author: image.author,
      startedAt: image.deliveredAt,
      updatedAt: image.deliveredAt,
      digest: image.digest,
      tags: image.tags,
      ...(image.promoted ? { promotedTo: image.target } : { repository: image.target.split('@')[0] }),
      approvals: [],
      ...state,
    },
  };
}

/**
 * Re-scans of promoted images (the `rescanPromoted` workflow's steps): the tenant's delivered digests, and
 * one digest scanned again by digest where it was promoted (no pull, no rebuild) with the vulnerability
 * database the worker has now, judged under the image's recorded scan settings and the tenant's floor in
 * force now (policies/rescan-policy.ts), compared with the digest's scan before. The scan is kept
 * (image_rescans); a vulnerability newly blocking is audited (`image.vulnerability_found`: project, build,
 * digest, the new ids) and comes back as a `vulnerability_found` notification for every recipient of the
 * project's channels, keyed by the digest and the finding set, so the same findings are told once.
 */
export function rescanActivities(deps: { db: Database; scanner: Scanner; governance: ActorResolver; mailer?: Mailer }) {
  return {
    async listPromotedImages({ tenantId }: { tenantId: string }): Promise<PromotedImage[]> {
      return readPromotedImages(deps.db, tenantId);
    },

    async rescanImage({ tenantId, image, run }: RescanImageInput): Promise<RescanOutcome> {
      const report = await scanInActivity(deps.scanner, image.target);
      const now = new Date();
      const key = `${run}/${image.digest}`;
      const tenant = await deps.governance.tenantConfig({ tenantId, repository: image.repository });
      const rule = rescanRule({ scan: image.manifest?.scan, policy: image.scanPolicy }, tenant);
      const earlier = await readEarlierScan(deps.db, tenantId, { digest: image.digest, buildId: image.buildId, notKey: key });
      const before =
        earlier?.kind === 'rescan'
          ? earlier.blocking
          : earlier?.kind === 'build'
            ? evaluateScan(findingsOf(earlier.report as ScanReport), rule, new Date(image.deliveredAt)).blocking.map((b) => b.id)
            : [];
      const judged = judgeRescan(findingsOf(report), rule, now, before);
      const newIds = judged.newlyBlocking.map((b) => b.id);
      const summary = scanSummary(report);
      const setId = findingSetId(image.digest, newIds);
      await recordRescan(
        deps.db,
        {
          tenantId, key, buildId: image.buildId, digest: image.digest, target: report.target, scanner: deps.scanner.name, dbStatus: report.dbStatus,
          dbUpdatedAt: report.dbUpdatedAt ? new Date(report.dbUpdatedAt) : null, summary, report: { ...report, sbom: undefined }, blocking: judged.blocking, newBlocking: newIds, scannedAt: now,
        },
        newIds.length === 0
          ? undefined
          : {
              actor: 'imagefactory',
              action: 'image.vulnerability_found',
              project: image.repository,
              reason: judged.verdict.reasons[0] ?? null,
              data: { digest: image.digest, target: report.target, new: newIds, blocking: judged.blocking, db_updated_at: report.dbUpdatedAt ?? null, policy: judged.verdict.source, scan_policy: rule.policy },
              idempotencyKey: `image.vulnerability_found/${image.digest}/${setId}`,
            },
      );
      const outcome: RescanOutcome = { buildId: image.buildId, digest: image.digest, dbStatus: report.dbStatus, blocking: judged.blocking, newlyBlocking: newIds };
      if (newIds.length === 0) return outcome;

      const audiences = onChannels(notificationAudiences(image.manifest?.notify, tenant.notify), deliverableChannels(deps));
      const deliveries = deliveriesFor(audiences, 'vulnerability_found');
      if (deliveries.length === 0) return outcome;
      const installed = new Map(report.vulnerabilities.map((v) => [v.id, v]));
      const rescan: RescanNotice = {
        digest: image.digest,
        target: report.target,
        scannedAt: now.toISOString(),
        ...(report.dbUpdatedAt ? { dbUpdatedAt: report.dbUpdatedAt } : {}),
        newlyBlocking: judged.newlyBlocking.map((b) => {
          const v = installed.get(b.id);
          return { ...b, ...(v?.installed ? { installed: v.installed } : {}), ...(v?.fixed ? { fixed: v.fixed } : {}), ...(v?.title ? { title: v.title } : {}) };
        }),
        blocking: judged.blocking,
        bySeverity: summary.bySeverity,
        policy: judged.verdict.source,
      };
      const findings = { vulnerabilities: report.vulnerabilities.length, secrets: report.secrets.length, blocking: judged.verdict.blocking.length, dbStatus: report.dbStatus };
      const notification: NotificationInput = {
        tenantId,
        buildId: image.buildId,
        runId: `rescan-${setId}`,
        event: 'vulnerability_found',
        at: now.toISOString(),
        build: notifiedBuild(tenantId, image, { findings, verdict: judged.verdict }),
        deliveries,
        rescan,
      };
      return { ...outcome, notification };
    },
  };
}
