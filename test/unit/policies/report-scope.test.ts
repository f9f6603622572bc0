import { describe, expect, it } from '@jest/globals';
import { reportScope, scopeLabel, type ReportCandidate } from '../../../policies/report-scope.js';
import type { RoleId } from '../../../policies/roles.js';

const now = new Date('2026-05-01T00:00:00Z');
const candidate = (tenantId: string, repository: string, roles: RoleId[], assigned: boolean): ReportCandidate => ({
  tenantId, projectId: `id-${repository}`, repository, reader: { login: 'pat', tenantId, roles, assigned },
});

describe('reportScope', () => {
  it('lets a viewer see the projects they are assigned to, and no other', () => {
    const d = reportScope({ kind: 'stats', now, candidates: [candidate('t1', 'acme/web', ['viewer'], false), candidate('t1', 'acme/api', ['viewer'], true)] });
    expect(d.allowed.map((p) => p.repository)).toEqual(['acme/api']);
    expect(d.refused).toEqual([expect.objectContaining({ repository: 'acme/web', reason: expect.stringMatching(/^viewer may view project statistics only in projects they are assigned to/) })]);
    expect(d.crossTenant).toBe(false);
  });

  it('lets a global-auditor see every tenant, and a security reviewer the whole of their tenant', () => {
    const all = reportScope({ kind: 'stats', now, candidates: [candidate('t2', 'other/svc', ['global-auditor'], false), candidate('t1', 'acme/api', ['global-auditor'], false)] });
    expect(all.allowed.map((p) => `${p.tenantId} ${p.repository}`)).toEqual(['t1 acme/api', 't2 other/svc']);
    expect(all.crossTenant).toBe(true);
    expect(reportScope({ kind: 'stats', now, candidates: [candidate('t1', 'acme/api', ['security-reviewer'], false)] }).allowed).toHaveLength(1);
  });

  it('asks Generate Report for a compliance report: a viewer or developer is refused, a tenant-admin allowed', () => {
    expect(reportScope({ kind: 'compliance', now, candidates: [candidate('t1', 'acme/api', ['developer'], true)] }).refused[0].allowedBy).toEqual(['system-admin', 'security-admin', 'global-auditor', 'tenant-admin']);
    expect(reportScope({ kind: 'compliance', now, candidates: [candidate('t1', 'acme/api', ['tenant-admin'], false)] }).allowed).toHaveLength(1);
  });

  it('refuses someone who holds no role', () => {
    expect(reportScope({ kind: 'stats', now, candidates: [candidate('t1', 'acme/api', [], false)] }).refused[0].reason).toMatch(/^you hold no role here/);
  });

  it('names the scope in words', () => {
    const p = (tenantId: string, repository: string) => ({ tenantId, projectId: repository, repository });
    expect(scopeLabel([])).toBe('no project');
    expect(scopeLabel([p('t1', 'acme/api')])).toBe('acme/api');
    expect(scopeLabel([p('t1', 'acme/api'), p('t1', 'acme/web')])).toBe('2 projects of t1');
    expect(scopeLabel([p('t1', 'acme/api'), p('t2', 'o/s'), p('t2', 'o/t')])).toBe('3 projects of 2 tenants');
  });
});
