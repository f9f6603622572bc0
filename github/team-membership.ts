import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import { perClient } from './per-client.js';

/** How long a team membership answer is trusted: a removal from a team takes effect within this time. */
export const TEAM_MEMBERSHIP_TTL_MS = 60_000;

export interface TeamMembershipOptions {
  /** Default TEAM_MEMBERSHIP_TTL_MS. */
  ttlMs?: number;
  /** Milliseconds clock; tests pass their own. Default Date.now. */
  now?: () => number;
}

interface Entry {
  expires: number;
  member: Promise<boolean>;
}

/** `@org/team` -> its organization and slug (slugs are lower-case on GitHub), or undefined. */
export function parseTeam(subject: string): { org: string; slug: string } | undefined {
  const m = /^@([A-Za-z0-9-]+)\/([A-Za-z0-9_.-]+)$/.exec(subject.trim());
  return m ? { org: m[1], slug: m[2].toLowerCase() } : undefined;
}

/** What role resolution asks about teams: which of some teams a login belongs to. */
export type TeamLookup = Pick<TeamMemberships, 'teamsOf'>;

/** Where no GitHub access is configured: nobody is known to belong to any team. */
export const NO_TEAM_LOOKUP: TeamLookup = { teamsOf: async () => [] };

/**
 * Team membership from the GitHub API (names are case-insensitive there: asked in lower case) (GET /orgs/{org}/teams/{team_slug}/memberships/{username}: a member
 * when the state is `active`; pending invitations do not count), each answer cached for a short time. A
 * team this client may not read (403) or that does not exist (404) has no members. Concurrent lookups of
 * the same membership share one request; a failed request is not cached.
 */
export class TeamMemberships {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly github: GitHubClient,
    options: TeamMembershipOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? TEAM_MEMBERSHIP_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Is `login` an active member of `team` (`@org/team`)? */
  async isMember(team: string, login: string): Promise<boolean> {
    const parsed = parseTeam(team);
    if (parsed === undefined) return false;
    const key = `${parsed.org.toLowerCase()}/${parsed.slug}/${login.toLowerCase()}`;
    const at = this.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.expires > at) return cached.member;
    const member = this.ask(parsed.org.toLowerCase(), parsed.slug, login.toLowerCase());
    this.cache.set(key, { expires: at + this.ttlMs, member });
    member.catch(() => this.cache.delete(key));
    return member;
  }

  /** The teams among `teams` that `login` belongs to, as written in `teams`. */
  async teamsOf(login: string, teams: readonly string[]): Promise<string[]> {
    const answers = await Promise.all(teams.map((t) => this.isMember(t, login)));
    return teams.filter((_, i) => answers[i]);
  }

  private async ask(org: string, slug: string, login: string): Promise<boolean> {
    return unless([403, 404], false, async () => {
      const response = await this.github.request('GET /orgs/{org}/teams/{team_slug}/memberships/{username}', { org, team_slug: slug, username: login });
      return (response.data as { state?: string }).state === 'active';
    });
  }
}

/** Team memberships asked of GitHub with an installation's own client, cached (one cache per client). */
export const teamsFor = perClient((octokit) => new TeamMemberships(octokit));
