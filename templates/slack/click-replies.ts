import { slackCode, slackText } from './slack-text.js';

/** How a Slack user was (or was not) matched to a GitHub login. */
export type SlackIdentity =
  | { ok: true; login: string; how: 'tenant.yml' | 'email' }
  | { ok: false; why: 'unmapped' | 'no-email' | 'ambiguous' | 'unknown-user'; email?: string; candidates?: string[] };

const WORDS: Record<string, string> = { approve: 'approve', reject: 'reject', release: 'release' };

/** Why a Slack user acts as nobody here, in a sentence. */
export function unmappedReason(who: Extract<SlackIdentity, { ok: false }>, slackUser: string): string {
  const add = `a tenant admin can add \`${slackUser}: <GitHub login>\` under \`slack:\` in tenant.yml`;
  if (who.why === 'ambiguous') return `the email of your Slack profile is the public email of several GitHub logins (${(who.candidates ?? []).join(', ')}), so it names nobody; ${add}`;
  if (who.why === 'no-email') return `your Slack profile shows no email to match with a GitHub login; ${add}`;
  if (who.why === 'unknown-user') return `Slack does not know your user here; ${add}`;
  return `your Slack account is not mapped to a GitHub login here: tenant.yml's \`slack:\` does not list it, and no GitHub login named in the role mappings has ${who.email ? `the public email ${who.email}` : 'your Slack email'} on its profile; ${add}`;
}

/**
 * The ephemeral answer to a click that changed nothing: what was asked, why not, and who may (the roles
 * the permission matrix allows), so the clicker knows whom to ask.
 */
export function refusedClickReply(r: { kind: string; image: string; buildId: string; slackUser: string; login?: string; reason: string; allowedBy?: readonly string[] }): string {
  const who = r.login ? `*${slackText(r.login)}* (<@${r.slackUser}>)` : `<@${r.slackUser}>`;
  const may = r.allowedBy && !/allowed for|no role may/.test(r.reason) ? ` ${r.allowedBy.length > 0 ? `Allowed for ${r.allowedBy.join(', ')}.` : 'No role may do this here.'}` : '';
  return `:no_entry: ${WORDS[r.kind] ?? r.kind} of *${slackText(r.image)}* (${slackCode(r.buildId)}) by ${who}: *refused*, nothing changed: ${slackText(r.reason)}.${may}`;
}

