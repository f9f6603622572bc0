import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { NotifyConfig, ScanConfig } from '../manifest/types.js';
import { appendAuditEvent, type AuditEventInput } from './append-audit-event.js';
import { rowsOf, type Database } from './database.js';
import { imageRescans, type NewImageRescan } from './schema/image-rescans.js';
import { scanReports } from './schema/scan-reports.js';
import { withTenant } from './with-tenant.js';

/** A digest a build delivered, where it went, and what it was admitted under: what a re-scan starts from. */
export interface PromotedImage {
  buildId: string;
  digest: string;
  /** Where it is scanned: `promote.to`@digest, or the release repository@digest when the manifest promotes nowhere. */
  target: string;
  /** Whether it went to `promote.to` (else it was published under its release tags only). */
  promoted: boolean;
  /** The project: `owner/name`, or the local folder's name. */
  repository: string;
  /** The project is a GitHub repository (links to it make sense). */
  onGitHub: boolean;
  image: string;
  /** The commit as the build was asked for it (its ref, branch or tag). */
  commit: { sha: string; ref: string; branch?: string; tag?: string };
  author: string;
  /** Where the author asked from (cli, github, slack). */
  channel?: string;
  trigger: string;
  tags: string[];
  /** When the build ended (ISO). */
  deliveredAt: string;
  /** The tenant scan policy it was admitted under, by name. */
  scanPolicy?: string;
  /** The manifest's `scan:` and `notify:` for the image when it was admitted (none recorded for older builds). */
  manifest?: { scan?: ScanConfig; notify?: NotifyConfig };
}

interface Row {
  id: string;
  digest: string;
  image: string;
  commit_sha: string;
  ref: string;
  author_login: string;
  trigger: string;
  tags: string[];
  finished_at: Date | string;
  repository: string;
  github_id: string | number | null;
  promoted_to: string | null;
  published_to: string | null;
  requested: { commit?: { sha: string; ref: string; branch?: string; tag?: string }; channel?: string; policies?: { scan?: string }; manifest?: { scan?: ScanConfig | null; notify?: NotifyConfig | null } } | null;
}

/**
 * The tenant's delivered digests, each once (its latest successful build): builds that succeeded with a
 * digest in a project still installed, where the image was copied last (its promotion, else its release
 * repository, from the `image.promoted` / `image.published` events), and what its `build.requested` event
 * recorded of the policy and the manifest's settings. One pass over the tenant's events of those kinds.
 */
export async function readPromotedImages(db: Database, tenantId: string): Promise<PromotedImage[]> {
  const rows = await withTenant(db, tenantId, async (tx) =>
    rowsOf<Row>(
      await tx.execute(sql`
        WITH e AS MATERIALIZED (
          SELECT DISTINCT ON (build_id, action) build_id, action, data
          FROM audit_events
          WHERE tenant_id = ${tenantId} AND action IN ('build.requested', 'image.published', 'image.promoted') AND decision IS DISTINCT FROM 'deny'
          ORDER BY build_id, action, seq DESC
        )
        SELECT DISTINCT ON (b.digest) b.id, b.digest, b.image, b.commit_sha, b.ref, b.author_login, b.trigger, b.tags, b.finished_at,
               p.repository, p.github_id,
               pr.data->>'to' AS promoted_to, pu.data->>'to' AS published_to, rq.data AS requested
        FROM builds b
        JOIN projects p ON p.tenant_id = b.tenant_id AND p.id = b.project_id
        LEFT JOIN e pr ON pr.build_id = b.id AND pr.action = 'image.promoted'
        LEFT JOIN e pu ON pu.build_id = b.id AND pu.action = 'image.published'
        LEFT JOIN e rq ON rq.build_id = b.id AND rq.action = 'build.requested'
        WHERE b.status = 'succeeded' AND b.digest IS NOT NULL AND p.archived_at IS NULL
          AND coalesce(pr.data->>'to', pu.data->>'to') IS NOT NULL
        ORDER BY b.digest, b.finished_at DESC NULLS LAST, b.id`),
    ),
  );
  return rows.map((r) => {
    const manifest = r.requested?.manifest;
    return {
      buildId: r.id,
      digest: r.digest,
      target: (r.promoted_to ?? r.published_to)!,
      promoted: r.promoted_to !== null,
      repository: r.repository,
      onGitHub: r.github_id !== null,
      image: r.image,
      commit: r.requested?.commit ?? { sha: r.commit_sha, ref: r.ref },
      author: r.author_login,
      ...(r.requested?.channel ? { channel: r.requested.channel } : {}),
      trigger: r.trigger,
      tags: r.tags,
      deliveredAt: new Date(r.finished_at).toISOString(),
      ...(r.requested?.policies?.scan ? { scanPolicy: r.requested.policies.scan } : {}),
      ...(manifest ? { manifest: { ...(manifest.scan ? { scan: manifest.scan } : {}), ...(manifest.notify ? { notify: manifest.notify } : {}) } } : {}),
    };
  });
}

/** The digest's scan before this one: a re-scan's blocking ids as judged then, else the build's own scan report. */
export type EarlierScan = { kind: 'rescan'; blocking: string[]; at: Date } | { kind: 'build'; report: unknown; dbStatus: string; at: Date };

export async function readEarlierScan(db: Database, tenantId: string, q: { digest: string; buildId: string; notKey: string }): Promise<EarlierScan | undefined> {
  return withTenant(db, tenantId, async (tx) => {
    const [rescan] = await tx
      .select({ blocking: imageRescans.blocking, at: imageRescans.scannedAt })
      .from(imageRescans)
      .where(and(eq(imageRescans.digest, q.digest), ne(imageRescans.key, q.notKey)))
      .orderBy(desc(imageRescans.scannedAt))
      .limit(1);
    if (rescan) return { kind: 'rescan', ...rescan };
    const [built] = await tx.select({ report: scanReports.report, dbStatus: scanReports.dbStatus, at: scanReports.createdAt }).from(scanReports).where(eq(scanReports.buildId, q.buildId)).limit(1);
    return built ? { kind: 'build', ...built } : undefined;
  });
}

/**
 * Keeps a re-scan (once per key: a retried activity finds it there) and, when it found something new, its
 * audit event, in one transaction. Returns false when the key was already kept.
 */
export async function recordRescan(db: Database, row: NewImageRescan, event: Omit<AuditEventInput, 'buildId'> | undefined): Promise<boolean> {
  return withTenant(db, row.tenantId, async (tx) => {
    const inserted = await tx.insert(imageRescans).values(row).onConflictDoNothing().returning({ key: imageRescans.key });
    if (event) await appendAuditEvent(tx, { ...event, buildId: row.buildId });
    return inserted.length > 0;
  });
}
