import { registryHost } from './plain-http-registry.js';
import { RegistryError } from './registry-error.js';
import { realmName, tokenRealmRefusal } from './token-realm.js';

/** Username and password for one registry host. */
export interface RegistryCredential {
  username: string;
  password: string;
}

/** Credentials by registry host[:port]. */
export type RegistryCredentials = Record<string, RegistryCredential>;

/**
 * Reads registry credentials from IMAGEFACTORY_REGISTRY_AUTH, a JSON object
 * `{"registry.example.com": {"username": "u", "password": "p"}}`. Unset means anonymous access.
 */
export function registryCredentialsFromEnv(env: Record<string, string | undefined> = process.env): RegistryCredentials {
  const raw = env.IMAGEFACTORY_REGISTRY_AUTH?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('IMAGEFACTORY_REGISTRY_AUTH is not valid JSON: expected {"host[:port]": {"username": "...", "password": "..."}}');
  }
  const out: RegistryCredentials = {};
  for (const [host, v] of Object.entries((parsed ?? {}) as Record<string, unknown>)) {
    const c = v as Partial<RegistryCredential> | null;
    if (!c || typeof c.username !== 'string' || typeof c.password !== 'string') {
      throw new Error(`IMAGEFACTORY_REGISTRY_AUTH entry "${host}" needs string username and password`);
    }
    out[host] = { username: c.username, password: c.password };
  }
  return out;
}

/** Parses `Bearer realm="...",service="...",scope="..."` (or Basic) from a WWW-Authenticate header. */
export function parseChallenge(header: string | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) params[p[1].toLowerCase()] = p[2] ?? p[3] ?? '';
  return { scheme: m[1].toLowerCase(), params };
}

export function basicAuthorization(c: RegistryCredential): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** What answering a challenge came to, for the request that follows and for its error message. */
export interface ChallengeAnswer {
  /** The Authorization header to send again with; none when the challenge cannot be answered. */
  authorization?: string;
  /** The user whose credential was sent (to the registry itself, or to its token service). */
  sentAs?: string;
  /** Why the configured credential was not sent: the challenge names a token realm it must not go to. */
  withheld?: string;
  /** The token service asked, as people read it. */
  realm?: string;
}

/**
 * Answers a registry's 401 challenge: Basic with the host's credential, or Bearer by asking the token
 * service named in the challenge, with the credential only when tokenRealmRefusal allows that realm
 * (anonymously otherwise). Tokens are cached per scope.
 */
export class RegistryAuthenticator {
  private readonly tokens = new Map<string, { value: string; expires: number }>();

  constructor(
    private readonly credentials: RegistryCredentials,
    private readonly fetchFn: typeof fetch,
  ) {}

  /** The configured credential of a registry host[:port] (entries match case-insensitively). */
  credentialFor(host: string): RegistryCredential | undefined {
    const wanted = registryHost(host)?.host;
    return this.credentials[host] ?? Object.entries(this.credentials).find(([k]) => wanted !== undefined && registryHost(k)?.host === wanted)?.[1];
  }

  /** A cached Authorization header for this host and scope, if any. */
  cached(host: string, scope: string): string | undefined {
    const basic = this.tokens.get(`${host}|basic`);
    if (basic) return basic.value;
    const t = this.tokens.get(`${host}|${scope}`);
    return t && t.expires > Date.now() ? t.value : undefined;
  }

  /** Answers the challenge of a response that came from the registry `host` itself. */
  async answer(host: string, scope: string, wwwAuthenticate: string | null): Promise<ChallengeAnswer> {
    const challenge = parseChallenge(wwwAuthenticate);
    const credential = this.credentialFor(host);
    if (!challenge) return {};
    if (challenge.scheme === 'basic') {
      if (!credential) return {};
      const value = basicAuthorization(credential);
      this.tokens.set(`${host}|basic`, { value, expires: Number.MAX_SAFE_INTEGER });
      return { authorization: value, sentAs: credential.username };
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) return {};
    let url: URL;
    try {
      url = new URL(challenge.params.realm);
    } catch {
      throw new RegistryError(401, 'GET', challenge.params.realm, undefined, `registry ${host} names a token realm that is not a URL`);
    }
    const realm = realmName(url);
    const withheld = credential ? tokenRealmRefusal(host, url) : undefined;
    const send = credential && !withheld ? credential : undefined;
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const s of scope.split(' ')) if (s) url.searchParams.append('scope', s);
    const res = await this.fetchFn(url, { headers: send ? { authorization: basicAuthorization(send) } : {} });
    if (!res.ok) {
      await res.body?.cancel();
      const who = send ? `refused the credentials of user "${send.username}" (IMAGEFACTORY_REGISTRY_AUTH)` : 'refused an anonymous token';
      const why = withheld ? `: ${withheldSentence(host, realm, withheld)}` : '';
      throw new RegistryError(res.status, 'GET', realm, undefined, `the token service of registry ${host} ${who} for ${scope}${why}`);
    }
    const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`registry token service ${realm} returned no token`);
    const value = `Bearer ${token}`;
    this.tokens.set(`${host}|${scope}`, { value, expires: Date.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1000 });
    return { authorization: value, realm, ...(send ? { sentAs: send.username } : {}), ...(withheld ? { withheld } : {}) };
  }
}

/** The sentence a refusal carries when the credential was kept from a token realm. */
export function withheldSentence(registry: string, realm: string, why: string): string {
  return `credentials for ${registry} (IMAGEFACTORY_REGISTRY_AUTH) were not sent to its token service ${realm} because ${why}; they go only to the registry's own host and to an https token service there`;
}
