import { RegistryAuthenticator, type RegistryCredentials } from './registry-auth.js';

/** A registry answered with an error (its `errors[0].code` and message when it sent them). */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`${method} ${url} failed: HTTP ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`);
    this.name = 'RegistryError';
  }
}

export interface RegistryHttpOptions {
  /** Registries spoken to over plain HTTP (host:port), e.g. config.insecureRegistries. */
  insecureRegistries?: string[];
  credentials?: RegistryCredentials;
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

/** HTTP to registries: scheme by insecure list, auth challenges answered once, errors made readable. */
export class RegistryHttp {
  readonly insecure: Set<string>;
  private readonly fetchFn: typeof fetch;
  private readonly auth: RegistryAuthenticator;

  constructor(opts: RegistryHttpOptions = {}) {
    this.insecure = new Set(opts.insecureRegistries ?? []);
    this.fetchFn = opts.fetch ?? fetch;
    this.auth = new RegistryAuthenticator(opts.credentials ?? {}, this.fetchFn);
  }

  baseUrl(registry: string): string {
    return `${this.insecure.has(registry) ? 'http' : 'https'}://${registry}`;
  }

  /** Sends a request to `registry` (path or absolute URL); `scope` is the token scope it needs. */
  async send(registry: string, scope: string, pathOrUrl: string, req: RegistryRequest = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.baseUrl(registry)).toString();
    const method = req.method ?? 'GET';
    const attempt = (authorization: string | undefined) =>
      this.fetchFn(url, {
        method,
        headers: { ...req.headers, ...(authorization ? { authorization } : {}) },
        body: req.stream ?? req.body,
        redirect: 'follow',
        signal: req.signal,
        ...(req.stream ? { duplex: 'half' } : {}),
      } as RequestInit);
    let res = await attempt(this.auth.cached(registry, scope));
    if (res.status === 401 && !req.stream) {
      const authorization = await this.auth.answer(registry, scope, res.headers.get('www-authenticate'));
      if (authorization) {
        await res.body?.cancel();
        res = await attempt(authorization);
      }
    }
    if (res.ok || req.accept?.includes(res.status)) return res;
    throw await registryError(res, method, url);
  }
}

export async function registryError(res: Response, method: string, url: string): Promise<RegistryError> {
  let code: string | undefined;
  let detail: string;
  const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    code = body.errors?.[0]?.code;
    detail = body.errors?.map((e) => e.message).filter(Boolean).join('; ') ?? '';
  } catch {
    detail = text.slice(0, 300);
  }
  if (res.status === 401 && !detail) detail = 'unauthorized: set credentials for this registry in IMAGEFACTORY_REGISTRY_AUTH';
  return new RegistryError(res.status, method, url, code, detail);
}
