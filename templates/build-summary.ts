import type { BuildState, BuildStatus } from '../workflows/image-build-types.js';

export interface SummaryRow {
  image: string;
  buildId: string;
  status: BuildStatus | 'started_elsewhere';
  state?: BuildState;
  error?: string;
  /** The result of an earlier run at this commit, not of a build started now. */
  earlier?: boolean;
}

const shortDigest = (d?: string) => (d ? `${d.slice(0, 19)}…` : '-');

/** "2 CRITICAL, 1 secret", "none", "secrets only (no vulnerability database)". */
export function findingsText(state?: BuildState): string {
  const v = state?.verdict;
  const f = state?.findings;
  if (!f || !v) return '-';
  const parts: string[] = [];
  const bySeverity = new Map<string, number>();
  for (const b of v.blocking) bySeverity.set(b.severity, (bySeverity.get(b.severity) ?? 0) + 1);
  for (const [s, n] of bySeverity) parts.push(`${n} ${s}`);
  if (f.secrets > 0) parts.push(`${f.secrets} secret${f.secrets === 1 ? '' : 's'}`);
  if (v.ignored.length > 0) parts.push(`${v.ignored.length} ignored`);
  const other = f.vulnerabilities - v.blocking.length - v.ignored.length;
  if (other > 0) parts.push(`${other} below threshold`);
  if (f.dbStatus === 'missing') parts.push('vulnerabilities not scanned: no database');
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** Where the image ended up: promoted, published, or held. */
export function locationText(state?: BuildState): string {
  if (!state) return '-';
  if (state.promotedTo) return state.promotedTo.replace(/@sha256:.*/, '');
  if (state.status === 'quarantined' || state.status === 'rejected') return state.quarantinedAt?.replace(/@sha256:.*$/, '').replace(/:[^:/]*$/, '') ?? '-';
  return state.repository ?? '-';
}

/** The table `imagefactory run` ends with: image, status, digest, tags, findings, where. */
export function renderSummaryTable(rows: SummaryRow[]): string {
  const header = ['IMAGE', 'STATUS', 'DIGEST', 'TAGS', 'FINDINGS', 'WHERE'];
  const body = rows.map((r) => [
    r.image,
    r.status === 'started_elsewhere' ? 'running elsewhere' : r.status.replace('_', ' '),
    shortDigest(r.state?.digest),
    r.state?.tags.length ? r.state.tags.join(',') : '-',
    findingsText(r.state),
    locationText(r.state),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const notes = rows
    .filter((r) => r.earlier || r.error || r.state?.verdict?.reasons.length || r.state?.verdict?.warnings.length)
    .flatMap((r) => [
      ...(r.earlier ? [`${r.image}: the result of an earlier build at this commit (--rebuild builds it again)`] : []),
      ...(r.error ? [`${r.image}: ${r.error}`] : []),
      ...(r.state?.status === 'quarantined' || r.state?.status === 'rejected' ? (r.state.verdict?.reasons ?? []).map((x) => `${r.image}: held because ${x}`) : []),
      ...(r.state?.verdict?.warnings ?? []).map((x) => `${r.image}: note: ${x}`),
    ]);
  return [line(header), ...body.map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** 0 built or promoted; 2 quarantined, rejected or expired; 1 failed or cancelled. */
export function runExitCode(rows: SummaryRow[]): number {
  if (rows.some((r) => r.status === 'failed' || r.status === 'cancelled')) return 1;
  if (rows.some((r) => ['quarantined', 'rejected', 'expired', 'awaiting_approval'].includes(r.status))) return 2;
  return rows.every((r) => r.status === 'succeeded') ? 0 : 1;
}
