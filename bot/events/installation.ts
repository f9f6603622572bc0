import type { Probot } from 'probot';
import type { GitHubClient } from '../../github/github-client.js';
import { addProjects, archiveProjects, setTenantStatus, upsertInstalledTenant } from '../../db/tenant-lifecycle.js';
import type { BotDeps } from '../bot-deps.js';
import { onDelivery } from '../handle-delivery.js';
import { removeProjectDigests, syncInstalledDigests } from '../sync-digests.js';
import { syncSchedulesOf } from '../sync-schedules.js';

interface Repo {
  id: number;
  full_name: string;
}

const repos = (list: readonly Repo[] | undefined) => (list ?? []).map((r) => ({ fullName: r.full_name, githubId: r.id }));
const names = (list: readonly Repo[] | undefined) => (list ?? []).map((r) => r.full_name);

/**
 * The App's installations: installed -> the tenant is created (or active again) with its repositories as
 * projects; suspended and unsuspended -> builds refused, then allowed again; deleted -> uninstalled (data
 * kept); repositories added and removed -> projects created, or archived (data kept, builds refused).
 * The tenant's schedules follow (bot/sync-schedules.ts), and the projects' digests: a repository gained gets
 * the digest its manifest asks for, one that left (or every one, when the App is removed) has it removed.
 */
export function register(app: Probot, deps: BotDeps): void {
  onDelivery(app, deps, ['installation.created', 'installation.new_permissions_accepted', 'installation.unsuspend'], async (context, tenant) => {
    const { installation, sender } = context.payload;
    const account = installation.account as { login: string; type?: string } | null;
    await upsertInstalledTenant(deps.db, { tenantId: tenant.tenantId, login: account?.login ?? tenant.login, type: account?.type ?? 'Organization', installationId: installation.id });
    await setTenantStatus(deps.db, tenant.tenantId, 'active', { by: sender.login, guid: context.id });
    await syncSchedulesOf(deps, tenant.tenantId);
    const listed = (context.payload as { repositories?: Repo[] }).repositories;
    await addProjects(deps.db, tenant.tenantId, repos(listed), { by: sender.login, guid: context.id });
    await syncInstalledDigests(deps, context.octokit as unknown as GitHubClient, names(listed), { actor: sender.login, cause: context.id });
  });

  onDelivery(app, deps, 'installation.suspend', async (context, tenant) => {
    await setTenantStatus(deps.db, tenant.tenantId, 'suspended', { by: context.payload.sender.login, guid: context.id });
    await syncSchedulesOf(deps, tenant.tenantId);
  });

  onDelivery(app, deps, 'installation.deleted', async (context, tenant) => {
    await setTenantStatus(deps.db, tenant.tenantId, 'uninstalled', { by: context.payload.sender.login, guid: context.id });
    await syncSchedulesOf(deps, tenant.tenantId);
    const account = context.payload.installation.account as { login: string } | null;
    await removeProjectDigests(deps, tenant.tenantId, account?.login ?? tenant.login, 'all', { actor: context.payload.sender.login, cause: context.id });
  });

  onDelivery(app, deps, 'installation_repositories', async (context, tenant) => {
    const { installation, sender, repositories_added: added, repositories_removed: removed } = context.payload;
    const account = installation.account as { login: string; type?: string } | null;
    await upsertInstalledTenant(deps.db, { tenantId: tenant.tenantId, login: account?.login ?? tenant.login, type: account?.type ?? 'Organization', installationId: installation.id });
    await addProjects(deps.db, tenant.tenantId, repos(added as Repo[]), { by: sender.login, guid: context.id });
    await archiveProjects(deps.db, tenant.tenantId, names(removed as Repo[]), { by: sender.login, guid: context.id });
    await removeProjectDigests(deps, tenant.tenantId, account?.login ?? tenant.login, names(removed as Repo[]), { actor: sender.login, cause: context.id });
    await syncInstalledDigests(deps, context.octokit as unknown as GitHubClient, names(added as Repo[]), { actor: sender.login, cause: context.id });
  });
}
