import type pg from 'pg';

/** What a login holds that lets it past row-level security or the audit trail's triggers. */
export interface LoginPowers {
  login: string;
  superuser: boolean;
  bypassrls: boolean;
  /** A superuser or BYPASSRLS role this login may SET ROLE to, if any. */
  powerfulRole: string | null;
  /** A table this login owns (or whose owner it is a member of), if any. */
  ownedTable: string | null;
}

/** Why the app's login must be least-privileged, and how to get one. */
export const RUNTIME_LOGIN_RULE =
  "the app must connect as a login that is neither superuser, nor BYPASSRLS, nor owner of the tables, so that row-level security and the audit trail's triggers bind it";

/** The login's powers in the connected database; undefined when no such role exists. */
export async function loginPowers(client: Pick<pg.ClientBase, 'query'>, login: string): Promise<LoginPowers | undefined> {
  const { rows } = await client.query<LoginPowers>(
    `SELECT r.rolname AS login, r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
       (SELECT s.rolname::text FROM pg_catalog.pg_roles s
         WHERE s.oid <> r.oid AND (s.rolsuper OR s.rolbypassrls) AND pg_catalog.pg_has_role(r.oid, s.oid, 'MEMBER')
         ORDER BY 1 LIMIT 1) AS "powerfulRole",
       (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
           AND pg_catalog.pg_has_role(r.oid, c.relowner, 'USAGE')
         ORDER BY 1 LIMIT 1) AS "ownedTable"
     FROM pg_catalog.pg_roles r WHERE r.rolname = $1`,
    [login],
  );
  return rows[0];
}

/**
 * Why `powers` may not be the app's login, naming `variable` (the setting that names it), or undefined when
 * it is least-privileged. `fixBypassRls`: BYPASSRLS is not a refusal (the migration takes it away).
 */
export function loginRefusal(powers: LoginPowers | undefined, variable: string, opts: { fixBypassRls?: boolean } = {}): string | undefined {
  if (!powers) return undefined;
  const who = `${variable} connects as ${powers.login}`;
  if (powers.superuser) return `${who}, a superuser: ${RUNTIME_LOGIN_RULE}`;
  if (powers.bypassrls && !opts.fixBypassRls) return `${who}, which has BYPASSRLS: ${RUNTIME_LOGIN_RULE}`;
  if (powers.powerfulRole) return `${who}, a member of ${powers.powerfulRole} (a superuser or BYPASSRLS role): ${RUNTIME_LOGIN_RULE}`;
  if (powers.ownedTable) return `${who}, which owns ${powers.ownedTable} (or is a member of its owner): ${RUNTIME_LOGIN_RULE}`;
  return undefined;
}

/**
 * Checked once when the app opens a Postgres database: the login it connected as (DATABASE_URL) must be
 * least-privileged. Returns the refusal sentence, or undefined.
 */
export async function runtimeLoginProblem(client: Pick<pg.ClientBase, 'query'>): Promise<string | undefined> {
  const { rows } = await client.query<{ login: string }>('SELECT current_user AS login');
  const refusal = loginRefusal(await loginPowers(client, rows[0].login), 'DATABASE_URL');
  if (!refusal) return undefined;
  return `${refusal}. Point DATABASE_URL at such a login; \`imagefactory migrate\` (with DATABASE_OWNER_URL set to the owner) creates the one DATABASE_URL names.`;
}
