import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import { perClient } from './per-client.js';

/** How long a profile's public email is trusted: a change on GitHub takes effect within this time. */
export const PUBLIC_EMAIL_TTL_MS = 10 * 60_000;

/** Logins asked about at once, so a large mapping does not burst GitHub's limits. */
const CONCURRENCY = 8;

interface Entry {
  expires: number;
  email: Promise<string | undefined>;
}

/**
 * The public email of GitHub users' profiles (GET /users/{username}: `email`, null when the user shows
 * none), asked with an installation's client and cached for a while; a login GitHub does not know has none.
 * A failed request is not cached. Emails are compared without regard to case.
 */
export class PublicEmails {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly github: GitHubClient,
    private readonly ttlMs = PUBLIC_EMAIL_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  emailOf(login: string): Promise<string | undefined> {
    const key = login.toLowerCase();
    const at = this.now();
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.expires > at) return cached.email;
    const email = unless([404], undefined, async () => {
      const { data } = await this.github.request('GET /users/{username}', { username: login });
      const value = (data as { email?: string | null }).email;
      return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
    });
    this.cache.set(key, { expires: at + this.ttlMs, email });
    email.catch(() => this.cache.delete(key));
    return email;
  }

  /** The logins among `logins` whose public email is `email`. */
  async loginsWithEmail(email: string, logins: readonly string[]): Promise<string[]> {
    const wanted = email.toLowerCase();
    const found: string[] = [];
    for (let i = 0; i < logins.length; i += CONCURRENCY) {
      const batch = logins.slice(i, i + CONCURRENCY);
      const emails = await Promise.all(batch.map((l) => this.emailOf(l)));
      found.push(...batch.filter((_, j) => emails[j] === wanted));
    }
    return found;
  }
}

/** Public emails asked of GitHub with an installation's own client, cached (one cache per client). */
export const publicEmailsFor = perClient((octokit) => new PublicEmails(octokit));
