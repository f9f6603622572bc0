import type http from 'node:http';

/** A request the double received, as the tests read it. */
export interface RecordedRequest {
  method: string;
  /** The decoded path without GitHub Enterprise's /api/v3 prefix, e.g. `/repos/acme/api/contents/.imagefactory.yml`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** The JSON body of a POST, PATCH or PUT (undefined otherwise). */
  body?: unknown;
}

/** What a route answers: JSON (an object or array), or raw bytes with headers (a tarball, a redirect). */
export type RouteAnswer = [status: number, body: unknown] | { status: number; headers?: Record<string, string>; raw?: Buffer };

export interface RouteContext {
  match: RegExpExecArray;
  query: Record<string, string>;
  body: unknown;
  headers: http.IncomingHttpHeaders;
  /** The double's own URL (http://127.0.0.1:PORT), for links it hands out. */
  url: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** May answer later (a download the test holds back). */
  handle(ctx: RouteContext): RouteAnswer | Promise<RouteAnswer>;
}

/** A part of the GitHub API the double speaks: its routes, and what tests call to set it up or read it. */
export interface Feature<Api> {
  routes: Route[];
  api: Api;
}

export const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };

export const lower = (...parts: string[]) => parts.join('/').toLowerCase();
