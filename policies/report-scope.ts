import { decide } from './decide.js';
import type { ActionId } from './actions.js';
import type { RoleId } from './roles.js';

/** What a report needs: View Project Stats for the numbers, Generate Report for a compliance report. */
export type ReportKind = 'stats' | 'compliance';

export const REPORT_ACTION: Readonly<Record<ReportKind, ActionId>> = {
  stats: 'view-project-stats',
  compliance: 'generate-report',
};

/** A project the report could read, with the reader as the mappings in force of its tenant resolve them. */
export interface ReportCandidate {
  tenantId: string;
  projectId: string;
  repository: string;
  /** The reader's roles and assignment in this project (roles/actor-resolver.ts), never what a caller says. */
  reader: { login: string; tenantId: string; roles: readonly RoleId[]; assigned: boolean };
}

export interface ScopedProject {
  tenantId: string;
  projectId: string;
  repository: string;
}

export interface ReportScopeDecision {
  /** The projects the reader may see, sorted by tenant and repository. */
  allowed: ScopedProject[];
  /** The ones they may not, each with decide()'s sentence and source. */
  refused: (ScopedProject & { reason: string; source: string; allowedBy: RoleId[] })[];
  /** The scope spans several tenants: only the cross-tenant roles get there (decide checks it per project). */
  crossTenant: boolean;
}

/**
 * Which projects a report may read for this reader: each candidate through decide() with the report's
 * action (View Project Stats: a viewer or developer in their assigned projects, a security reviewer or
 * tenant-admin across the tenant, a global-auditor everywhere; Generate Report for a compliance report).
 * Pure: the caller gathers the candidates and the reader's resolution, this decides.
 */
export function reportScope(request: { kind: ReportKind; candidates: readonly ReportCandidate[]; now: Date }): ReportScopeDecision {
  const action = REPORT_ACTION[request.kind];
  const allowed: ScopedProject[] = [];
  const refused: ReportScopeDecision['refused'] = [];
  const sorted = [...request.candidates].sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.repository.localeCompare(b.repository));
  for (const c of sorted) {
    const project = { tenantId: c.tenantId, projectId: c.projectId, repository: c.repository };
    const decision = decide({
      roles: c.reader.roles,
      action,
      context: { subjectTenant: c.reader.tenantId, resourceTenant: c.tenantId, assigned: c.reader.assigned, subjectLogin: c.reader.login },
      now: request.now,
    });
    if (decision.effect === 'allow') allowed.push(project);
    else refused.push({ ...project, reason: decision.reason, source: decision.source, allowedBy: decision.allowedBy });
  }
  return { allowed, refused, crossTenant: new Set(allowed.map((p) => p.tenantId)).size > 1 };
}

/** The scope in words: `acme/api`, `3 projects of github:42`, `5 projects of 2 tenants`. Pure. */
export function scopeLabel(projects: readonly ScopedProject[]): string {
  if (projects.length === 0) return 'no project';
  if (projects.length === 1) return projects[0].repository;
  const tenants = [...new Set(projects.map((p) => p.tenantId))];
  return `${projects.length} projects of ${tenants.length === 1 ? tenants[0] : `${tenants.length} tenants`}`;
}
