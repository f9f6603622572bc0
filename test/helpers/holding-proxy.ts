import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  /** host:port of the proxy, a registry host of its own. */
  host: string;
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  /** Requests held now (waiting for release()). */
  held(): number;
  /** Lets held requests (and later ones) through. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy on 127.0.0.1 in front of a registry that holds the requests `hold` picks until
 * release() is called: a copy in the middle of writing, for as long as a test needs it.
 */
export async function startHoldingProxy(upstream: string, hold: (method: string, path: string) => boolean): Promise<HoldingProxy> {
  const [upHost, upPort] = upstream.split(':');
  const seen: string[] = [];
  let waiting: (() => void)[] = [];
  let open = false;
  const server = http.createServer((req, res) => {
    const line = `${req.method} ${req.url}`;
    seen.push(line);
    const forward = () => {
      const out = http.request({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (!open && hold(req.method ?? 'GET', req.url ?? '/')) {
      req.pause();
      waiting.push(() => {
        req.resume();
        forward();
      });
    } else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    seen,
    held: () => waiting.length,
    release() {
      open = true;
      const go = waiting;
      waiting = [];
      for (const w of go) w();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
