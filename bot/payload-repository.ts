import type { RepositoryInfo } from '../github/repository.js';

/** A webhook payload's `repository`: what the App needs of it. */
export interface PayloadRepository {
  name: string;
  full_name: string;
  default_branch?: string;
  html_url?: string;
  owner: { login: string; id: number; type?: string };
}

/** The repository a delivery is about, from its payload (no API call). */
export function repositoryOfPayload(r: PayloadRepository): RepositoryInfo {
  return {
    owner: r.owner.login,
    repo: r.name,
    fullName: r.full_name,
    defaultBranch: r.default_branch ?? 'main',
    ownerId: r.owner.id,
    ownerType: r.owner.type === 'User' ? 'User' : 'Organization',
  };
}
