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

/**
 * Answers a registry's 401 challenge: Basic with the host's credential, or Bearer by asking the token
 * service named in the challenge (with the credential when there is one). Tokens are cached per scope.
 */
export class RegistryAuthenticator {
  private readonly tokens = new Map<string, { value: string; expires: number }>();

  constructor(
    private readonly credentials: RegistryCredentials,
    private readonly fetchFn: typeof fetch,
  ) {}

  /** A cached Authorization header for this host and scope, if any. */
  cached(host: string, scope: string): string | undefined {
    const basic = this.tokens.get(`${host}|basic`);
    if (basic) return basic.value;
    const t = this.tokens.get(`${host}|${scope}`);
    return t && t.expires > Date.now() ? t.value : undefined;
  }

  /** The Authorization header answering this challenge, or undefined when it cannot be answered. */
  async answer(host: string, scope: string, wwwAuthenticate: string | null): Promise<string | undefined> {
    const challenge = parseChallenge(wwwAuthenticate);
    const credential = this.credentials[host];
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      if (!credential) return undefined;
      const value = basicAuthorization(credential);
      this.tokens.set(`${host}|basic`, { value, expires: Number.MAX_SAFE_INTEGER });
      return value;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) return undefined;
    const url = new URL(challenge.params.realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const s of scope.split(' ')) if (s) url.searchParams.append('scope', s);
    const res = await this.fetchFn(url, { headers: credential ? { authorization: basicAuthorization(credential) } : {} });
    if (!res.ok) throw new Error(`registry token service ${url.origin}${url.pathname} refused (HTTP ${res.status}) for ${scope}`);
    const body = (await res.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`registry token service ${url.origin}${url.pathname} returned no token`);
    const value = `Bearer ${token}`;
    this.tokens.set(`${host}|${scope}`, { value, expires: Date.now() + Math.max(30, (body.expires_in ?? 60) - 10) * 1000 });
    return value;
  }
}
