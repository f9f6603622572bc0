import type pg from 'pg';
import { loginPowers, loginRefusal } from './check-runtime-login.js';
import { APP_ROLE } from './with-tenant.js';

export type RuntimeLoginOutcome =
  | { ok: true; login: string; database: string; status: 'created' | 'updated' | 'unchanged'; changes: string[]; passwordSet: boolean }
  | { ok: false; problem: string };

/** What the runtime login is made of, as the migrate command says it. */
export const RUNTIME_LOGIN_ATTRIBUTES = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE';

/**
 * Before migrating, as the owner: refuses a runtime URL (DATABASE_URL) that names no login, another
 * database, the owner itself, a superuser, a member of a superuser or BYPASSRLS role, or a table owner.
 */
export async function runtimeLoginRefusal(owner: pg.ClientBase, runtimeUrl: string): Promise<string | undefined> {
  const target = parseRuntimeUrl(runtimeUrl);
  if (typeof target === 'string') return target;
  const { rows } = await owner.query<{ owner: string; database: string }>('SELECT current_user AS owner, current_database() AS database');
  const here = rows[0];
  if (target.database !== here.database) {
    return `DATABASE_URL names database ${target.database} but DATABASE_OWNER_URL names ${here.database}: both must name the same database`;
  }
  if (target.login === here.owner) {
    return `DATABASE_URL connects as ${target.login}, the login of DATABASE_OWNER_URL that owns the tables: the app needs a login of its own (for example imagefactory), which \`imagefactory migrate\` creates`;
  }
  return loginRefusal(await loginPowers(owner, target.login), 'DATABASE_URL', { fixBypassRls: true });
}

/**
 * After migrating, as the owner: makes the login DATABASE_URL names exist as LOGIN NOSUPERUSER NOBYPASSRLS
 * NOCREATEDB NOCREATEROLE, a member of imagefactory_app, with CONNECT on the database, and with the URL's
 * password when it has one. Roles are cluster-wide, so other databases' migrations may race on the same
 * login: catalog conflicts are retried. Deployment-specific, so it is code run by `imagefactory migrate`,
 * not a committed migration.
 */
export async function ensureRuntimeLogin(owner: pg.ClientBase, runtimeUrl: string): Promise<RuntimeLoginOutcome> {
  const refusal = await runtimeLoginRefusal(owner, runtimeUrl);
  if (refusal) return { ok: false, problem: refusal };
  const { login, password, database } = parseRuntimeUrl(runtimeUrl) as RuntimeTarget;
  const role = owner.escapeIdentifier(login);
  const changes: string[] = [];
  await retryCatalogRace(async () => {
    const existing = await attributes(owner, login);
    if (!existing) {
      await owner.query(`CREATE ROLE ${role} ${RUNTIME_LOGIN_ATTRIBUTES}`);
      changes.push('created');
      return;
    }
    const wrong = [
      ['LOGIN', !existing.rolcanlogin],
      ['NOBYPASSRLS', existing.rolbypassrls],
      ['NOCREATEDB', existing.rolcreatedb],
      ['NOCREATEROLE', existing.rolcreaterole],
    ].filter(([, bad]) => bad).map(([attribute]) => attribute as string);
    if (wrong.length > 0) {
      await owner.query(`ALTER ROLE ${role} ${wrong.join(' ')}`);
      changes.push(`set ${wrong.join(' ')}`);
    }
  });
  if (password !== undefined) await retryCatalogRace(() => owner.query(`ALTER ROLE ${role} PASSWORD ${owner.escapeLiteral(password)}`));
  await retryCatalogRace(async () => {
    const { rows } = await owner.query<{ member: boolean }>(`SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER') AS member`, [login, APP_ROLE]);
    if (rows[0].member) return;
    await owner.query(`GRANT ${APP_ROLE} TO ${role}`);
    changes.push(`granted ${APP_ROLE}`);
  });
  await retryCatalogRace(async () => {
    const { rows } = await owner.query<{ granted: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_database d, aclexplode(d.datacl) a
         WHERE d.datname = current_database() AND a.grantee = $1::regrole AND a.privilege_type = 'CONNECT') AS granted`,
      [login],
    );
    if (rows[0].granted) return;
    await owner.query(`GRANT CONNECT ON DATABASE ${owner.escapeIdentifier(database)} TO ${role}`);
    changes.push(`granted CONNECT on ${database}`);
  });
  const status = changes.includes('created') ? 'created' : changes.length > 0 ? 'updated' : 'unchanged';
  return { ok: true, login, database, status, changes, passwordSet: password !== undefined };
}

interface RuntimeTarget {
  login: string;
  password: string | undefined;
  database: string;
}

function parseRuntimeUrl(url: string): RuntimeTarget | string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'DATABASE_URL is not a URL: expected postgres://LOGIN[:PASSWORD]@HOST:PORT/DATABASE';
  }
  const login = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!login) return 'DATABASE_URL names no login: expected postgres://LOGIN[:PASSWORD]@HOST:PORT/DATABASE, with the login the app connects as';
  if (!database) return 'DATABASE_URL names no database: expected postgres://LOGIN[:PASSWORD]@HOST:PORT/DATABASE';
  return { login, password: u.password ? decodeURIComponent(u.password) : undefined, database };
}

async function attributes(owner: pg.ClientBase, login: string) {
  const { rows } = await owner.query<{ rolcanlogin: boolean; rolbypassrls: boolean; rolcreatedb: boolean; rolcreaterole: boolean }>(
    'SELECT rolcanlogin, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_catalog.pg_roles WHERE rolname = $1',
    [login],
  );
  return rows[0];
}

/** SQLSTATEs of two sessions changing the same role at once (roles are shared by every database of a server). */
const CATALOG_RACES = new Set(['23505', '42710', 'XX000', '40001']);

async function retryCatalogRace<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const race = code !== undefined && CATALOG_RACES.has(code) && (code !== 'XX000' || /concurrently/.test((err as Error).message));
      if (!race || attempt >= 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}
