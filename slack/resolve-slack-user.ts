import type { Database } from '../db/database.js';
import type { GitHubClient } from '../github/github-client.js';
import { publicEmailsFor } from '../github/public-emails.js';
import type { ActorResolver, BuildScope } from '../roles/actor-resolver.js';
import { namedLogins } from '../roles/named-logins.js';
import type { SlackIdentity } from '../templates/slack/click-replies.js';

/** What Slack's users.info says of a user: their profile's email (users:read.email), or that Slack knows no such user. */
export type SlackProfile = { found: true; email?: string } | { found: false };

export interface SlackUserDeps {
  db: Database;
  resolver: ActorResolver;
  /** users.info for one Slack user id. */
  profile(userId: string): Promise<SlackProfile>;
  /** The App's client for the tenant's installation (public emails); none: no match by email. */
  github?: GitHubClient;
}

/**
 * Who a Slack user acts as, as the product decides (never what the request says):
 * 1. tenant.yml's `slack:` map in force (`slack: { U0123ABCD: dora }`);
 * 2. else the email of their Slack profile (users.info), matched without regard to case against the public
 *    email on the GitHub profile of each login the mappings in force name for the build's repository
 *    (tenant.yml `roles:` and the project's `roles:`; teams are not expanded), asked through the App's
 *    installation and cached for ten minutes. Exactly one login must match: several name nobody.
 * Anyone else is unmapped.
 */
export async function resolveSlackUser(deps: SlackUserDeps, scope: BuildScope, slackUserId: string): Promise<SlackIdentity> {
  const tenant = await deps.resolver.tenantConfig(scope);
  const listed = Object.entries(tenant.slack).find(([id]) => id === slackUserId)?.[1];
  if (listed) return { ok: true, login: listed, how: 'tenant.yml' };
  const profile = await deps.profile(slackUserId);
  if (!profile.found) return { ok: false, why: 'unknown-user' };
  if (!profile.email) return { ok: false, why: 'no-email' };
  const [owner, repo] = scope.repository.split('/');
  if (!deps.github || !repo) return { ok: false, why: 'unmapped', email: profile.email };
  const logins = await namedLogins(deps.db, scope.tenantId, { owner, repo });
  const matches = await publicEmailsFor(deps.github).loginsWithEmail(profile.email, logins);
  if (matches.length === 1) return { ok: true, login: matches[0], how: 'email' };
  return matches.length === 0 ? { ok: false, why: 'unmapped', email: profile.email } : { ok: false, why: 'ambiguous', email: profile.email, candidates: matches };
}
