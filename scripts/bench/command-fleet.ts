// The installations the comment-command benchmark comments in: one repository each on the GitHub double,
// with a manifest whose image waits for three approvals (so an approval leaves its build waiting), the
// tenant's tenant.yml in force, and the pull requests and comments GitHub would send.
import { sign } from '@octokit/webhooks-methods';
import type { Database } from '../../db/database.js';
import { WEBHOOK_SECRET } from '../../test/helpers/bot-process.js';
import type { GitHubDouble } from '../../test/helpers/github-double.js';
import { repositoryPayload, type EventRepository } from '../../test/helpers/github-events.js';
import { putMappingsInForce, testTenantConfig } from '../../test/helpers/mappings.js';

export interface FleetRepository extends EventRepository {
  tenantId: string;
  owner: string;
}

/** A signed webhook ready to send: the time it takes to sign is not part of what is measured. */
export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

const manifest = (registry: string, owner: string) => `version: 1
images:
  app:
    method: dockerfile
    registry: ${registry}/bench/${owner}/app
    triggers: { pull_request: true }
    scan: { on_missing_db: warn }
    approval: { required: true, approvers: ["role:security-reviewer"], min_approvals: 3 }
    promote: { to: ${registry}/bench/${owner}/app-release }
`;

/** `count` installations of the App, each with one repository `<owner>/app` whose default branch has the manifest. */
export async function createFleet(github: GitHubDouble, db: Database, registry: string, baseImage: string, count: number): Promise<FleetRepository[]> {
  const first = 700000 + Math.floor(Math.random() * 90000) * 10;
  const fleet: FleetRepository[] = [];
  for (let k = 0; k < count; k++) {
    const ownerId = first + k * 2;
    const owner = `bench-${ownerId}`;
    const r: FleetRepository = { fullName: `${owner}/app`, ownerId, installationId: ownerId + 1, tenantId: `github:${ownerId}`, owner };
    github.addInstallation({ id: r.installationId, account: { login: owner, id: ownerId, type: 'Organization' } });
    github.addRepository({ fullName: r.fullName, ownerId });
    github.commit(r.fullName, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest(registry, owner), Dockerfile: `FROM ${baseImage}\n` } });
    await putMappingsInForce(db, { tenantId: r.tenantId, owner, tenant: testTenantConfig(registry) });
    fleet.push(r);
  }
  return fleet;
}

/** The App installed on each repository of the fleet, as GitHub announces it (the tenant and its project recorded). */
export async function installFleet(github: GitHubDouble, fleet: FleetRepository[]): Promise<void> {
  for (const r of fleet) {
    const repository = repositoryPayload(r);
    const installed = await github.deliverWebhook('installation', {
      action: 'created',
      installation: { id: r.installationId, account: { login: r.owner, id: r.ownerId, type: 'Organization' } },
      repositories: [{ id: repository.id, name: repository.name, full_name: r.fullName, private: true }],
      sender: { login: 'carol', id: 3, type: 'User' },
    });
    if (installed.status_code !== 200) throw new Error(`installation of ${r.fullName} answered ${installed.status_code}`);
  }
}

/** A new commit on branch `branch` of the repository (a file only it has; the Dockerfile is the default branch's). */
export const newCommit = (github: GitHubDouble, r: FleetRepository, branch: string) => github.commit(r.fullName, branch, { author: 'dana', files: { 'note.txt': `${branch}\n` } });

/** A pull request by dana from a branch of the repository; its head's sha. */
export function openPullRequest(github: GitHubDouble, r: FleetRepository, number: number): string {
  const sha = newCommit(github, r, `change-${number}`);
  github.addPullRequest(r.fullName, { number, head: sha, headRef: `change-${number}`, author: 'dana' });
  return sha;
}

let nextComment = 5_000_000;

/** An issue_comment webhook for a comment by `login` on pull request `number`, signed as GitHub signs it. */
export async function commentDelivery(r: FleetRepository, number: number, login: string, body: string): Promise<SignedDelivery> {
  const user = { login, id: 1000 + login.length, type: 'User' };
  const id = nextComment++;
  const payload = {
    action: 'created',
    issue: { number, title: 'a change', user: { login: 'dana', type: 'User' }, pull_request: { url: `https://api.github.com/repos/${r.fullName}/pulls/${number}` } },
    comment: { id, body, user, performed_via_github_app: null },
    repository: repositoryPayload(r),
    installation: { id: r.installationId },
    sender: user,
  };
  const text = JSON.stringify(payload);
  return {
    body: text,
    headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': `bench-comment-${id}`, 'x-hub-signature-256': await sign(WEBHOOK_SECRET, text), 'user-agent': 'GitHub-Hookshot/bench' },
  };
}
