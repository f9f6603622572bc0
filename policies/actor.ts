import type { RoleGrant } from './resolve-roles.js';
import type { RoleId } from './roles.js';

/** The channels people act through. */
export const ACTOR_CHANNELS = ['cli', 'github', 'slack'] as const;
export type ActorChannel = (typeof ACTOR_CHANNELS)[number];

/**
 * Who acts, as the caller knows them: a GitHub login (from a signed webhook, the CLI's token, or a Slack
 * user mapped to a login) and the channel it came through. Callers never say which roles or teams someone
 * holds: the product resolves them from the mappings in force when it decides.
 */
export interface ActorRef {
  login: string;
  channel: ActorChannel;
  /** The identity on the channel when it is not the login itself, for the audit trail (`slack:U0123ABCD`). */
  via?: string;
}

/** An actor with what the mappings in force gave them at the moment of a decision. */
export interface ResolvedActor extends ActorRef {
  /** The tenant the actor acts in (the build's). */
  tenantId: string;
  /** Their effective roles, widest first: what decide() is given. */
  roles: RoleId[];
  /** The `@org/team` slugs the mappings name that they belong to. */
  teams: string[];
  /** Assigned to the project (decide's `assigned`). */
  assigned: boolean;
  /** Every grant with its source (`tenant.yml roles.security-reviewer ← sam`). */
  grants: RoleGrant[];
  /** What the resolution could not know, said plainly (no GitHub access to ask about teams, say). */
  notes: string[];
}

/** Why an actor reference cannot be used, or undefined: what update validators and callers check. */
export function actorRefProblem(ref: unknown): string | undefined {
  const r = ref as Partial<ActorRef> | null;
  if (r === null || typeof r !== 'object') return 'a decision names who acts: { login, channel }';
  if (typeof r.login !== 'string' || !/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,38})$/.test(r.login)) return `login ${JSON.stringify(r.login)} is not a GitHub login`;
  if (!ACTOR_CHANNELS.includes(r.channel as ActorChannel)) return `channel ${JSON.stringify(r.channel)} is not one of ${ACTOR_CHANNELS.join(', ')}`;
  return undefined;
}

/** What the audit trail keeps of a resolution: the roles, teams, grants and notes as they were then. */
export function resolutionRecord(actor: ResolvedActor): Record<string, unknown> {
  return { channel: actor.channel, via: actor.via, roles: actor.roles, teams: actor.teams, assigned: actor.assigned, grants: actor.grants.map((g) => g.via), notes: actor.notes.length > 0 ? actor.notes : undefined };
}
