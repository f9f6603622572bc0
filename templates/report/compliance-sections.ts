import type { ComplianceFacts } from './compliance-facts.js';
import { when } from './report-format.js';
import type { ReportRecord, ReportSection } from './report-sections.js';

const list = (xs: readonly string[]) => (xs.length === 0 ? '-' : xs.join(', '));
const short = (digest: string | null) => (digest ? `${digest.slice(0, 19)}…` : '-');

/** The compliance report's tables: audit chain, policies per project, images promoted, quarantine releases. Pure. */
export function complianceSections(f: ComplianceFacts): ReportSection[] {
  return [
    {
      title: 'Audit chain',
      columns: ['tenant', 'hash chain', 'rows checked', 'signed checkpoints', 'checkpoint problems', 'note'],
      numeric: [2, 3],
      rows: f.chains.map((c) => [c.tenantId, c.chainVerified ? 'verified' : `BROKEN at ${c.firstBroken}`, String(c.rowsChecked), String(c.checkpoints), c.checkpointProblems.length === 0 ? 'none' : c.checkpointProblems.join('; '), c.note ?? '-']),
    },
    {
      title: 'Policies in force per project',
      columns: ['project', 'builds admitted', 'tenant configuration', 'scan policies', 'promotion policies', 'mappings in force'],
      numeric: [1],
      rows: f.policies.map((p) => [p.repository, String(p.buildsAdmitted), list(p.tenantConfig), list(p.scanPolicies), list(p.promotionPolicies), list(p.mappings.map((m) => `${m.file} @${m.commit.slice(0, 7)} from ${m.acceptedBy}`))]),
    },
    {
      title: 'Images promoted',
      columns: ['project', 'image', 'digest', 'when', 'where', 'scan policy', 'promotion policies', 'approved by', 'released from quarantine'],
      numeric: [],
      rows: f.promoted.map((p) => [p.repository, p.image, short(p.digest), when(p.at), p.outcome ?? '-', p.scanPolicy ?? '-', list(p.promotionPolicies), list(p.approvedBy), p.released ? 'yes' : 'no']),
      empty: 'no image was published or promoted',
    },
    {
      title: 'Quarantine overrides (releases)',
      columns: ['project', 'image', 'build', 'held because', 'released by', 'their roles', 'when', 'reason'],
      numeric: [],
      rows: f.overrides.map((o) => [o.repository, o.image, o.buildId, o.heldBecause, o.releasedBy, list(o.roles), when(o.at), o.reason ?? '-']),
      empty: 'no quarantined image was released',
    },
  ];
}

/** Every fact of the compliance report, one record each (for CSV). Pure. */
export function complianceRecords(f: ComplianceFacts): ReportRecord[] {
  const out: ReportRecord[] = [];
  for (const c of f.chains) {
    out.push({ section: 'audit_chain', key: c.tenantId, metric: 'verified', value: c.chainVerified ? 'yes' : 'no' });
    out.push({ section: 'audit_chain', key: c.tenantId, metric: 'rows_checked', value: c.rowsChecked });
    if (c.firstBroken) out.push({ section: 'audit_chain', key: c.tenantId, metric: 'first_broken', value: c.firstBroken });
    out.push({ section: 'audit_chain', key: c.tenantId, metric: 'checkpoints', value: c.checkpoints });
    for (const p of c.checkpointProblems) out.push({ section: 'audit_chain', key: c.tenantId, metric: 'checkpoint_problem', value: p });
    if (c.note) out.push({ section: 'audit_chain', key: c.tenantId, metric: 'note', value: c.note });
  }
  for (const p of f.policies) {
    out.push({ section: 'policies', key: p.repository, metric: 'builds_admitted', value: p.buildsAdmitted });
    out.push({ section: 'policies', key: p.repository, metric: 'tenant_config', value: p.tenantConfig.join(' ') });
    out.push({ section: 'policies', key: p.repository, metric: 'scan_policies', value: p.scanPolicies.join(' ') });
    out.push({ section: 'policies', key: p.repository, metric: 'promotion_policies', value: p.promotionPolicies.join(' ') });
    for (const m of p.mappings) out.push({ section: 'policies', key: p.repository, metric: `mapping ${m.file}`, value: `${m.commit} accepted from ${m.acceptedBy} at ${m.acceptedAt}` });
  }
  for (const p of f.promoted) {
    const values = { repository: p.repository, image: p.image, digest: p.digest, at: p.at, outcome: p.outcome, scan_policy: p.scanPolicy, promotion_policies: p.promotionPolicies.join(' '), approved_by: p.approvedBy.join(' '), released: p.released ? 'yes' : 'no' };
    for (const [metric, value] of Object.entries(values)) out.push({ section: 'promoted', key: p.buildId, metric, value });
  }
  for (const o of f.overrides) {
    const values = { repository: o.repository, image: o.image, held_because: o.heldBecause, released_by: o.releasedBy, roles: o.roles.join(' '), at: o.at, reason: o.reason };
    for (const [metric, value] of Object.entries(values)) out.push({ section: 'quarantine_override', key: o.buildId, metric, value });
  }
  return out;
}
