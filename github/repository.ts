import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';

/** A repository named by owner and name, as in `owner/name`. */
export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** What GitHub says of a repository (GET /repos/{owner}/{repo}). */
export interface RepositoryInfo extends RepositoryRef {
  /** `owner/name` as GitHub spells it. */
  fullName: string;
  defaultBranch: string;
  /** The owning account: its numeric id (stable across renames) and whether it is an organization. */
  ownerId: number;
  ownerType: 'Organization' | 'User';
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** `owner/name` -> its parts, or undefined when the text is not a repository name. */
export function parseRepository(text: string): RepositoryRef | undefined {
  const trimmed = text.trim();
  if (!NAME.test(trimmed) || trimmed.endsWith('/.') || trimmed.endsWith('/..')) return undefined;
  const [owner, repo] = trimmed.split('/');
  return { owner, repo };
}

/** The tenant a repository belongs to: its owning account, `github:<account id>` (docs/data-model.md). */
export function tenantIdOf(repository: Pick<RepositoryInfo, 'ownerId'>): string {
  return `github:${repository.ownerId}`;
}

interface RepositoryResponse {
  name: string;
  full_name: string;
  default_branch: string;
  owner: { login: string; id: number; type: string };
}

/** The repository, or undefined when it does not exist or this client may not see it (404). */
export async function getRepository(github: GitHubClient, ref: RepositoryRef): Promise<RepositoryInfo | undefined> {
  const found = await unless([404], undefined, async () => (await github.request('GET /repos/{owner}/{repo}', { owner: ref.owner, repo: ref.repo })).data as RepositoryResponse);
  if (found === undefined) return undefined;
  return {
    owner: found.owner.login,
    repo: found.name,
    fullName: found.full_name,
    defaultBranch: found.default_branch,
    ownerId: found.owner.id,
    ownerType: found.owner.type === 'Organization' ? 'Organization' : 'User',
  };
}
