import { createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { NOT_FOUND, type Feature, type RouteContext } from './core.js';

export interface AppInstallation {
  id: number;
  account: { login: string; id: number; type: 'Organization' | 'User' };
}

export interface AppApi {
  /** The App: its id and the private key (PEM) to give APP_ID and PRIVATE_KEY. The double checks JWTs against it. */
  app: { id: number; privateKey: string };
  addInstallation(installation: AppInstallation): void;
  /** An installation added, by id. */
  installation(id: number): AppInstallation | undefined;
  /** The installation tokens issued, newest last: what API calls of an installation carry. */
  installationTokens(): { installationId: number; token: string }[];
  /** The installation a request's Authorization header acts as, or undefined (no token, or the App's JWT). */
  installationOf(authorization: string | undefined): number | undefined;
}

const b64url = (s: string) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** The GitHub App: a real RSA key pair, JWTs verified with it, installations and their access tokens. */
export function app(appId = 4242): Feature<AppApi> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const installations = new Map<number, AppInstallation>();
  const tokens: { installationId: number; token: string }[] = [];

  /** A valid App JWT (RS256, iss = the App id, not expired) in the Authorization header. */
  function appJwt(ctx: RouteContext): boolean {
    const jwt = ctx.headers.authorization?.replace(/^bearer\s+/i, '') ?? '';
    const [header, payload, signature] = jwt.split('.');
    if (!signature) return false;
    const ok = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKey, b64url(signature));
    const claims = JSON.parse(b64url(payload).toString('utf8')) as { iss?: string | number; exp?: number };
    return ok && String(claims.iss) === String(appId) && (claims.exp ?? 0) * 1000 > Date.now();
  }

  return {
    api: {
      app: { id: appId, privateKey: pem },
      addInstallation: (i) => void installations.set(i.id, i),
      installation: (id) => installations.get(id),
      installationTokens: () => [...tokens],
      installationOf(authorization) {
        const token = authorization?.replace(/^(token|bearer)\s+/i, '');
        return tokens.find((t) => t.token === token)?.installationId;
      },
    },
    routes: [
      {
        method: 'POST',
        pattern: /^\/app\/installations\/(\d+)\/access_tokens$/,
        handle: (ctx) => {
          if (!appJwt(ctx)) return [401, { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest' }];
          const installationId = Number(ctx.match[1]);
          if (!installations.has(installationId)) return [404, NOT_FOUND];
          const token = `ghs_${randomBytes(18).toString('hex')}`;
          tokens.push({ installationId, token });
          return [201, { token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: {}, repository_selection: 'all' }];
        },
      },
      {
        method: 'GET',
        pattern: /^\/app\/installations\/(\d+)$/,
        handle: (ctx) => {
          if (!appJwt(ctx)) return [401, { message: 'A JSON web token could not be decoded' }];
          const found = installations.get(Number(ctx.match[1]));
          return found ? [200, { id: found.id, account: found.account, app_id: appId }] : [404, NOT_FOUND];
        },
      },
    ],
  };
}
