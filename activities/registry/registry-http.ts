import { isPlainHttpRegistry } from './plain-http-registry.js';
import { RegistryAuthenticator, withheldSentence, type ChallengeAnswer, type RegistryCredentials } from './registry-auth.js';
import { registryError } from './registry-error.js';

export interface RegistryHttpOptions {
  /** Registries besides loopback ones spoken to over plain HTTP (host:port): config.insecureRegistries. */
  insecureRegistries?: string[];
  credentials?: RegistryCredentials;
  /** A fetch that, like Node's, drops Authorization on a redirect to another origin (the Fetch standard). */
  fetch?: typeof fetch;
}

export interface RegistryRequest {
  method?: string;
  headers?: Record<string, string>;
  /** A body that can be sent again after an auth challenge; streams go through `stream`. */
  body?: Buffer | string;
  stream?: ReadableStream<Uint8Array>;
  /** Statuses that are answers, not errors (e.g. 404 for "not there"). */
  accept?: number[];
  signal?: AbortSignal;
}

/**
 * HTTP to registries: the scheme by isPlainHttpRegistry, auth challenges answered once, errors made
 * readable. Credentials and tokens go to the registry's own origin only: never to an absolute URL it names
 * elsewhere (an upload Location), and never along a redirect to another origin (blob downloads redirect to
 * storage hosts; fetch drops Authorization there), nor in answer to a challenge from such a host.
 */
export class RegistryHttp {
  private readonly insecure: string[];
  private readonly fetchFn: typeof fetch;
  private readonly auth: RegistryAuthenticator;

  constructor(opts: RegistryHttpOptions = {}) {
    this.insecure = [...(opts.insecureRegistries ?? [])];
    this.fetchFn = opts.fetch ?? fetch;
    this.auth = new RegistryAuthenticator(opts.credentials ?? {}, this.fetchFn);
  }

  /** Whether `registry` is spoken to over plain HTTP: a loopback registry, or one INSECURE_REGISTRIES lists. */
  plainHttp(registry: string): boolean {
    return isPlainHttpRegistry(registry, this.insecure);
  }

  baseUrl(registry: string): string {
    return `${this.plainHttp(registry) ? 'http' : 'https'}://${registry}`;
  }

  /** Sends a request to `registry` (path or absolute URL); `scope` is the token scope it needs. */
  async send(registry: string, scope: string, pathOrUrl: string, req: RegistryRequest = {}): Promise<Response> {
    const origin = new URL(this.baseUrl(registry)).origin;
    const url = new URL(pathOrUrl, this.baseUrl(registry));
    const own = url.origin === origin;
    const method = req.method ?? 'GET';
    const attempt = (authorization: string | undefined) =>
      this.fetchFn(url, {
        method,
        headers: { ...req.headers, ...(authorization && own ? { authorization } : {}) },
        body: req.stream ?? req.body,
        redirect: 'follow',
        signal: req.signal,
        ...(req.stream ? { duplex: 'half' } : {}),
      } as RequestInit);
    let res = await attempt(this.auth.cached(registry, scope));
    let answer: ChallengeAnswer = {};
    const fromRegistry = !res.url || new URL(res.url).origin === origin;
    if (res.status === 401 && own && fromRegistry && !req.stream) {
      answer = await this.auth.answer(registry, scope, res.headers.get('www-authenticate'));
      if (answer.authorization) {
        await res.body?.cancel();
        res = await attempt(answer.authorization);
      }
    }
    if (res.ok || req.accept?.includes(res.status)) return res;
    throw await registryError(res, method, url.toString(), own && fromRegistry ? this.refusal(registry, scope, res.status, answer) : undefined);
  }

  /** Why the registry refused, in words, for a 401 or 403 after the challenge was answered (or not). */
  private refusal(registry: string, scope: string, status: number, answer: ChallengeAnswer): string | undefined {
    if (status !== 401 && status !== 403) return undefined;
    if (answer.withheld) return `${withheldSentence(registry, answer.realm ?? 'of the challenge', answer.withheld)}, and the registry refused the anonymous token`;
    if (answer.sentAs && status === 403) return `user "${answer.sentAs}" (IMAGEFACTORY_REGISTRY_AUTH) is not granted ${scope} on ${registry}`;
    if (answer.sentAs) return `registry ${registry} refused the credentials of user "${answer.sentAs}" (IMAGEFACTORY_REGISTRY_AUTH)`;
    if (!this.auth.credentialFor(registry)) return `registry ${registry} asks for credentials and IMAGEFACTORY_REGISTRY_AUTH has none for it`;
    return undefined;
  }
}
