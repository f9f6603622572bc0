import fs from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One gRPC call the front saw: its method path, the client certificate's CN, and whether it was refused. */
export interface FrontCall {
  path: string;
  clientCn: string | undefined;
  refused?: string;
}

export interface TlsFront {
  address: string;
  calls: FrontCall[];
  /** TLS handshakes refused (no client certificate, or one the CA did not issue). */
  refusedHandshakes: string[];
  close(): Promise<void>;
}

export interface TlsFrontOptions {
  /** host:port of the plain gRPC server behind the front (the test run's dev server). */
  target: string;
  cert: string;
  key: string;
  /** The CA client certificates must chain to. */
  ca: string;
  /** When set, every call must carry `authorization: Bearer <apiKey>`. */
  apiKey?: string;
}

const { NGHTTP2_CANCEL, NGHTTP2_INTERNAL_ERROR } = http2.constants;
const UNAUTHENTICATED = '16';

/**
 * A TLS front for a Temporal server that speaks plain gRPC: an HTTP/2 server on 127.0.0.1 asking every
 * client for a certificate of the test CA (and, when configured, an API key), forwarding each gRPC stream to
 * the target: headers copied, data piped both ways, trailers forwarded.
 */
export async function startTlsFront(opts: TlsFrontOptions): Promise<TlsFront> {
  const calls: FrontCall[] = [];
  const refusedHandshakes: string[] = [];
  const upstream = http2.connect(`http://${opts.target}`);
  upstream.on('error', () => {});
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createSecureServer({
    cert: fs.readFileSync(opts.cert),
    key: fs.readFileSync(opts.key),
    ca: fs.readFileSync(opts.ca),
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('tlsClientError', (err) => refusedHandshakes.push(err.message));
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    const peer = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
    const cn = peer?.subject?.CN;
    const call: FrontCall = { path: String(headers[':path']), clientCn: Array.isArray(cn) ? cn[0] : cn };
    calls.push(call);
    if (opts.apiKey !== undefined && headers.authorization !== `Bearer ${opts.apiKey}`) {
      call.refused = headers.authorization ? 'wrong API key' : 'no API key';
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': UNAUTHENTICATED, 'grpc-message': `refused by the TLS front: ${call.refused}` }, { endStream: true });
      return;
    }
    const forwarded: http2.OutgoingHttpHeaders = { ...headers, ':scheme': 'http', ':authority': opts.target };
    const req = upstream.request(forwarded);
    let trailers: http2.OutgoingHttpHeaders = {};
    stream.pipe(req);
    req.on('response', (responseHeaders) => {
      if (responseHeaders['grpc-status'] !== undefined) {
        // Trailers-only answer (an error): the status travels in the headers.
        stream.respond(responseHeaders, { endStream: true });
        req.resume();
        return;
      }
      stream.respond(responseHeaders, { waitForTrailers: true });
      req.pipe(stream);
    });
    req.on('trailers', (t) => (trailers = t));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers));
    req.on('error', () => {
      if (!stream.closed) stream.close(NGHTTP2_INTERNAL_ERROR);
    });
    stream.on('error', () => {});
    stream.on('close', () => {
      if (!req.closed) req.close(NGHTTP2_CANCEL);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    calls,
    refusedHandshakes,
    close: async () => {
      for (const s of sessions) s.destroy();
      upstream.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
