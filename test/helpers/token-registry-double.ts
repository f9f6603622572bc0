import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

/** One request a double received: where, and the Authorization header it carried (if any). */
export interface SeenRequest {
  server: string;
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface Listening {
  /** host:port */
  host: string;
  close(): Promise<void>;
}

/** Starts `handler` on host (127.0.0.1, or another loopback address to stand for another host); records every request. */
export async function listen(name: string, address: string, seen: SeenRequest[], handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer((req, res) => {
    seen.push({ server: name, method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, address, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { host: `${address}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface TokenRegistryOptions {
  /** The token realm its challenges name (a URL). */
  realm: () => string;
  /** The bearer token it accepts. */
  token: string;
  /** Where blob GETs are redirected (a URL prefix; the digest is appended). */
  blobsAt?: () => string;
  /** Where upload sessions point (an absolute URL). */
  uploadsAt?: () => string;
  manifest: Buffer;
  blob: Buffer;
}

/**
 * A registry front speaking the token flow (Distribution's auth spec): every request without the accepted
 * bearer token gets 401 `Bearer realm=...,service=...,scope=...`; with it, the repository `demo/app` serves
 * one manifest under the tag `1`, redirects blob downloads and opens uploads where the options say.
 */
export function tokenRegistryHandler(opts: TokenRegistryOptions): http.RequestListener {
  return (req, res) => {
    if (req.headers.authorization !== `Bearer ${opts.token}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${opts.realm()}",service="registry.test",scope="repository:demo/app:pull"`,
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    if (req.url === '/v2/demo/app/manifests/1') {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': sha256(opts.manifest) });
      res.end(opts.manifest);
    } else if (req.url?.startsWith('/v2/demo/app/blobs/uploads/') && req.method === 'POST' && opts.uploadsAt) {
      res.writeHead(202, { location: opts.uploadsAt() });
      res.end();
    } else if (req.url === `/v2/demo/app/blobs/${sha256(opts.blob)}` && opts.blobsAt) {
      res.writeHead(307, { location: `${opts.blobsAt()}${sha256(opts.blob)}` });
      res.end();
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'NOT_FOUND', message: `${req.method} ${req.url}` }] }));
    }
  };
}

/** A token service: a token for `credential` (Basic user:pass), and for anonymous requests `anonymous` or a 401. */
export function tokenServiceHandler(opts: { credential: string; token: string; anonymous?: string }): http.RequestListener {
  const expected = `Basic ${Buffer.from(opts.credential).toString('base64')}`;
  return (req, res) => {
    const token = req.headers.authorization === expected ? opts.token : req.headers.authorization === undefined ? opts.anonymous : undefined;
    if (!token) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ details: 'no token for you' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, expires_in: 300 }));
  };
}
