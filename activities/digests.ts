import { ApplicationFailure } from '@temporalio/activity';
import { readBuildStats } from '../db/build-stats.js';
import type { Database } from '../db/database.js';
import { claimDigestDelivery, markDigestSent, noteDigestError, recordDigestFailure, type DigestDeliveryKey } from '../db/digest-deliveries-store.js';
import { reportProjects } from '../db/report-projects.js';
import { readStanding } from '../db/tenant-lifecycle.js';
import { TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import { digestCharts, digestEmail } from '../templates/email/digest-email.js';
import { reportCharts } from '../templates/report/report-charts.js';
import { renderCharts } from '../templates/report/render-chart.js';
import type { DigestEmailRequest, DigestRun, PreparedDigest } from '../workflows/digest-types.js';
import { mailDomain, messageIdOf, sendRendered, unsubscribe, type Mailer } from './mailer.js';

/** The charts are drawn at twice their size, for screens that have the pixels; shown at their size. */
const CHART_SCALE = 2;

/** A digest email's row: `<project or *>/<cadence>/<period end>/<recipient>`, sent at most once. */
function deliveryKey(run: DigestRun, recipient: string): DigestDeliveryKey {
  const { input, period } = run;
  return {
    tenantId: input.tenantId,
    key: `${input.repository ?? '*'}/${input.cadence}/${period.until}/${recipient}`,
    ...(input.repository ? { repository: input.repository } : {}),
    cadence: input.cadence,
    periodSince: new Date(period.since),
    periodUntil: new Date(period.until),
    recipient,
  };
}

/** What the digest workflow calls: the numbers read once per run, one email per address, a give-up recorded. */
export function digestActivities(deps: { db: Database; mailer?: Mailer }) {
  return {
    /**
     * The numbers of the run's period (db/build-stats.ts, the same statement as `imagefactory report`) over
     * the project, or every project of the tenant (within the tenant: row-level security holds the read to
     * it). Nothing is sent for a tenant that is not active or a project that left the installation.
     */
    async prepareDigest(run: DigestRun): Promise<PreparedDigest> {
      const { input } = run;
      const standing = await readStanding(deps.db, input.tenantId, input.repository ?? `${input.owner}/${TENANT_REPOSITORY_NAME}`);
      if (standing && standing.status !== 'active') return { ok: false, skipped: `the tenant ${standing.account} is ${standing.status}` };
      if (standing?.archived && input.repository) return { ok: false, skipped: `${input.repository} left the App's installation` };
      const projects = await reportProjects(deps.db, { tenantId: input.tenantId, ...(input.repository ? { repository: input.repository } : {}) });
      const repositories = projects.map((p) => p.repository).sort();
      const scope = { tenants: [input.tenantId], projects: repositories, label: input.repository ?? `every project of ${input.owner}` };
      const stats = await readBuildStats(deps.db, { tenantIds: [input.tenantId], projectIds: projects.map((p) => p.projectId) }, run.period, scope);
      return { ok: true, stats };
    },

    /**
     * One digest email to one address, at most once per period: its digest_deliveries row is claimed first,
     * and one already sent is not sent again. HTML with the charts as inline images (`cid:`, PNG) and plain
     * text with every number; a Message-ID from the key, List-Unsubscribe, X-Imagefactory-* headers.
     */
    async deliverDigest({ run, stats, recipient }: DigestEmailRequest): Promise<{ status: 'sent' | 'already_sent' }> {
      const mailer = deps.mailer;
      if (!mailer) throw ApplicationFailure.nonRetryable('this worker sends no email: SMTP_URL is not set', 'DeliveryRefused');
      const { input, period } = run;
      const row = deliveryKey(run, recipient);
      const domain = mailDomain(mailer);
      const messageId = messageIdOf(`digest/${input.tenantId}/${row.key}`, domain);
      const claimed = await claimDigestDelivery(deps.db, { ...row, messageId });
      if (claimed.status === 'sent') return { status: 'already_sent' };
      const charts = await renderCharts(digestCharts(stats, reportCharts(stats)), { scale: CHART_SCALE });
      const images = charts.map((c) => ({ id: c.id, title: c.title, cid: `${c.id}.${messageId.slice(1, 17)}@${domain}`, width: Math.round(c.width / CHART_SCALE), height: Math.round(c.height / CHART_SCALE) }));
      const mail = digestEmail({ cadence: input.cadence, stats, ...(input.repository ? {} : { tenantName: input.owner }), charts: images, when: input.when, configuredIn: input.configuredIn });
      await sendRendered(
        mailer,
        recipient,
        mail,
        {
          messageId,
          date: new Date(period.until),
          attachments: charts.map((c, i) => ({ filename: `${c.id}.png`, content: c.png, contentType: 'image/png', cid: images[i].cid, contentDisposition: 'inline' as const })),
          list: unsubscribe(mailer, recipient, `the ${input.cadence} digest of ${input.repository ?? input.owner}`),
          headers: {
            'X-Imagefactory-Digest': input.cadence,
            [input.repository ? 'X-Imagefactory-Project' : 'X-Imagefactory-Tenant']: input.repository ?? input.owner,
            'X-Imagefactory-Period': `${period.since}/${period.until}`,
            'Auto-Submitted': 'auto-generated',
          },
        },
        { what: `digest of ${input.repository ?? input.owner} for ${period.until}`, noteError: (error) => noteDigestError(deps.db, input.tenantId, row.key, error) },
      );
      await markDigestSent(deps.db, input.tenantId, row.key);
      return { status: 'sent' };
    },

    /** A digest email that gave up (refused, or a day of retries over): its row says failed, audited once as digest.failed. */
    async recordDigestFailure({ run, recipient, error }: { run: DigestRun; recipient: string; error: string }): Promise<void> {
      await recordDigestFailure(deps.db, { ...deliveryKey(run, recipient), error });
    },
  };
}
