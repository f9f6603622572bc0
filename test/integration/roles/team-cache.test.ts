import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGitHubClient } from '../../../github/github-client.js';
import { TeamMemberships } from '../../../github/team-membership.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';

let gh: GitHubDouble;
beforeAll(async () => {
  gh = await startGitHubDouble();
});
afterAll(async () => gh.close());

describe('team membership from the GitHub API, cached briefly', () => {
  it('a second lookup within the TTL asks nothing; after the TTL it asks again and sees the change', async () => {
    gh.setTeam('acme', 'leads', ['alice']);
    let now = 1_000_000;
    const teams = new TeamMemberships(createGitHubClient({ baseUrl: gh.url }), { ttlMs: 60_000, now: () => now });
    const path = '/orgs/acme/teams/leads/memberships/alice';

    expect(await teams.isMember('@Acme/Leads', 'Alice')).toBe(true);
    expect(gh.requestsTo(path)).toHaveLength(1);
    gh.setTeam('acme', 'leads', []);
    now += 59_999;
    expect(await teams.isMember('@acme/leads', 'alice')).toBe(true);
    expect(gh.requestsTo(path)).toHaveLength(1);
    now += 1;
    expect(await teams.isMember('@acme/leads', 'alice')).toBe(false);
    expect(gh.requestsTo(path)).toHaveLength(2);
  });

  it('asks only about the teams given; unknown teams and malformed slugs have no members; concurrent lookups share a request', async () => {
    gh.setTeam('acme', 'platform', ['bob']);
    const teams = new TeamMemberships(createGitHubClient({ baseUrl: gh.url }));
    const [a, b] = await Promise.all([teams.teamsOf('bob', ['@acme/platform', '@acme/ghosts', 'not-a-team']), teams.isMember('@acme/platform', 'bob')]);
    expect(a).toEqual(['@acme/platform']);
    expect(b).toBe(true);
    expect(gh.requestsTo('/orgs/acme/teams/platform/memberships/bob')).toHaveLength(1);
    expect(gh.requestsTo('/orgs/acme/teams/ghosts/memberships/bob')).toHaveLength(1);
  });
});
