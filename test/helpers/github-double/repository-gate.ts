import type { AppApi } from './app.js';
import { NOT_FOUND, type RouteAnswer, type RouteContext } from './core.js';
import type { RepositoriesApi } from './repositories.js';

/** The installation a request acts as and the repository (`owner/name` as GitHub spells it), when the installation owns it. */
export interface GateOpen {
  installationId: number;
  fullName: string;
}

/**
 * A repository route (`/repos/{owner}/{repo}/...`, owner and name the first two groups of the match) for an
 * installation token of the repository's owner only: no token is 401, anyone else 404 (a private repository).
 */
export function repositoryGate(repos: Pick<RepositoriesApi, 'repository'>, app: Pick<AppApi, 'installationOf' | 'installation'>) {
  return (ctx: RouteContext): GateOpen | RouteAnswer => {
    if (!ctx.headers.authorization) return [401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' }];
    const repo = repos.repository(`${ctx.match[1]}/${ctx.match[2]}`);
    const installationId = app.installationOf(ctx.headers.authorization);
    const account = installationId === undefined ? undefined : app.installation(installationId)?.account;
    if (!repo || installationId === undefined || !account || account.id !== repo.owner.id) return [404, NOT_FOUND];
    return { installationId, fullName: `${repo.owner.login}/${repo.name}` };
  };
}

export const gateRefused = (g: GateOpen | RouteAnswer): g is RouteAnswer => Array.isArray(g) || 'status' in g;
