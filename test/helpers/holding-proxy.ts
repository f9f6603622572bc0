import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which requests to hold, and whether before they reach the registry (`request`) or after, holding the answer (`response`). */
export interface HoldRule {
  match(req: http.IncomingMessage): boolean;
  at: 'request' | 'response';
}

export interface HoldingProxy {
  /** host:port of the proxy, a registry host of its own. */
  host: string;
  /** Requests seen, as `METHOD path`. */
  seen: string[];
  /** Requests (or answers) held now, waiting for release(). */
  held(): number;
  /** Holds what `rule` picks from now on. */
  arm(rule: HoldRule): void;
  /** Lets what is held through, and holds nothing more until armed again. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A plain HTTP proxy on 127.0.0.1 in front of a registry that holds the requests a rule picks until
 * release(): a copy in the middle of writing, or a push the registry has stored but whose pusher has not
 * heard back yet, for as long as a test needs it.
 */
export async function startHoldingProxy(upstream: string, rule?: HoldRule): Promise<HoldingProxy> {
  const [upHost, upPort] = upstream.split(':');
  const seen: string[] = [];
  let waiting: (() => void)[] = [];
  let armed = rule;
  const later = (fn: () => void) => waiting.push(fn);
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const hold = armed?.match(req) ? armed.at : undefined;
    const forward = () => {
      const out = http.request({ host: upHost, port: Number(upPort), method: req.method, path: req.url, headers: req.headers }, (up) => {
        const answer = () => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        };
        if (hold === 'response') later(answer);
        else answer();
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (hold === 'request') {
      req.pause();
      later(() => {
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
    arm(next) {
      armed = next;
    },
    release() {
      armed = undefined;
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

/** Matches requests by method and a path pattern (and, optionally, the client's User-Agent). */
export function requests(method: string, path: RegExp, userAgent?: RegExp): (req: http.IncomingMessage) => boolean {
  return (req) => req.method === method && path.test(req.url ?? '') && (userAgent === undefined || userAgent.test(req.headers['user-agent'] ?? ''));
}
