import { lower, NOT_FOUND, type Feature } from './core.js';

export interface PeopleApi {
  /** Active team members, e.g. setTeam('acme', 'leads', ['alice']). */
  setTeam(org: string, slug: string, members: string[]): void;
  setOrgMember(org: string, login: string, role: 'admin' | 'member'): void;
  setPermission(fullName: string, login: string, permission: 'admin' | 'write' | 'read'): void;
  /** A token GitHub accepts as `Authorization: token ...` or `Bearer ...`, and the login GET /user answers for it. */
  setToken(token: string, login: string): void;
  /** The public email on a user's profile (GET /users/{username} answers it; others show none). */
  setUserEmail(login: string, email: string | null): void;
}

/** Team and organization memberships, collaborator permissions, and who a token belongs to. */
export function people(): Feature<PeopleApi> {
  const teams = new Map<string, Set<string>>();
  const orgMembers = new Map<string, 'admin' | 'member'>();
  const permissions = new Map<string, string>();
  const tokens = new Map<string, string>();
  const emails = new Map<string, string | null>();
  return {
    api: {
      setTeam: (org, slug, members) => void teams.set(lower(org, slug), new Set(members.map((m) => m.toLowerCase()))),
      setOrgMember: (org, login, role) => void orgMembers.set(lower(org, login), role),
      setPermission: (fullName, login, permission) => void permissions.set(lower(fullName, login), permission),
      setToken: (token, login) => void tokens.set(token, login),
      setUserEmail: (login, email) => void emails.set(login.toLowerCase(), email),
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/user$/,
        handle: ({ headers }) => {
          const login = tokens.get(headers.authorization?.replace(/^(token|bearer)\s+/i, '') ?? '');
          return login ? [200, { login, id: 2000 + login.length, type: 'User' }] : [401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' }];
        },
      },
      {
        method: 'GET',
        pattern: /^\/users\/([^/]+)$/,
        handle: ({ match }) => {
          const login = match[1];
          return emails.has(login.toLowerCase()) ? [200, { login, id: 3000 + login.length, type: 'User', email: emails.get(login.toLowerCase()) }] : [404, NOT_FOUND];
        },
      },
      {
        method: 'GET',
        pattern: /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/,
        handle: ({ match }) => (teams.get(lower(match[1], match[2]))?.has(match[3].toLowerCase()) ? [200, { state: 'active', role: 'member' }] : [404, NOT_FOUND]),
      },
      {
        method: 'GET',
        pattern: /^\/orgs\/([^/]+)\/memberships\/([^/]+)$/,
        handle: ({ match }) => {
          const role = orgMembers.get(lower(match[1], match[2]));
          return role ? [200, { state: 'active', role, organization: { login: match[1] }, user: { login: match[2] } }] : [404, NOT_FOUND];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/,
        handle: ({ match }) => {
          const permission = permissions.get(lower(match[1], match[2], match[3])) ?? 'none';
          return [200, { permission, role_name: permission, user: { login: match[3] } }];
        },
      },
    ],
  };
}
