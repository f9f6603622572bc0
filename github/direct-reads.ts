import type { Octokit, OctokitOptions } from '@octokit/core';
import { request as sendRequest } from '@octokit/request';
import type { EndpointDefaults, OctokitResponse, RequestParameters } from '@octokit/types';

/** At most this many reads of one client's queue (an installation's, the App's own) at a time: plugin-throttling's `global` limit. */
export const READS_AT_ONCE = 10;

/** What plugin-retry never sends again (its default `doNotRetry`). */
const NOT_RETRIED = [400, 401, 403, 404, 410, 422, 451];

type Endpoint = Required<EndpointDefaults>;

const pathOf = (url: string) => new URL(url, 'http://github.test').pathname.replace(/^\/api\/v3(?=\/)/, '');

/** A GET or HEAD other than a search (searches have a limit of their own, which plugin-throttling keeps). */
export const isPlainRead = (endpoint: Pick<Endpoint, 'method' | 'url'>): boolean => (endpoint.method === 'GET' || endpoint.method === 'HEAD') && !pathOf(endpoint.url).startsWith('/search/');

interface Answered {
  status: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { errors?: { type?: string }[] } };
}

/** GitHub saying slow down, as plugin-throttling recognises it: a secondary limit, or the hourly quota spent. */
function rateLimited(err: Answered): boolean {
  if (err.status !== 403 && err.status !== 429) return false;
  return /\bsecondary rate\b/i.test(err.message ?? '') || err.response?.headers?.['x-ratelimit-remaining'] === '0' || (err.response?.data?.errors ?? []).some((e) => e.type === 'RATE_LIMITED');
}

/** A queue of reads at most READS_AT_ONCE long: no timer, a waiting read starts as one before it ends. */
class ReadGate {
  running = 0;
  private readonly waiting: (() => void)[] = [];

  async enter(): Promise<void> {
    if (this.running < READS_AT_ONCE) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the place to the next read waiting, if any; true when the gate is empty. */
  leave(): boolean {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
    return this.running === 0;
  }
}

const gates = new Map<string, ReadGate>();

async function throughGate<T>(id: string, run: () => Promise<T>): Promise<T> {
  let gate = gates.get(id);
  if (!gate) gates.set(id, (gate = new ReadGate()));
  await gate.enter();
  try {
    return await run();
  } finally {
    if (gate.leave()) gates.delete(id);
  }
}

/**
 * An Octokit plugin (for Probot's Octokit, applied after its own): a plain read goes straight to GitHub
 * through the client's authentication, not through plugin-throttling's and plugin-retry's Bottleneck
 * queues. Bottleneck makes every request it schedules wait several timer turns (setTimeout(0), each a
 * millisecond or more): about 15 ms a request with both plugins, for reads that no queue spaces anyway.
 *
 * What the plugins do for a read is kept: at most READS_AT_ONCE reads of one throttle id (an installation's
 * queue) at a time; a read that fails as they would send again (a 5xx or a network fault, a 429, a rate
 * limit) is sent again at once through them, which retry it with their backoff and wait a rate limit out
 * as the client's `throttle` handlers say; any other answer (a 404, a 403 refusal) is the read's outcome.
 * Writes, searches, GraphQL and token requests go through the plugins as before: an installation's writes
 * one at a time, a second apart, as GitHub's secondary limits require.
 */
export function directReads(octokit: Octokit, options: OctokitOptions): void {
  const id = String(options.throttle?.id ?? 'no-id');
  const throttled = options.throttle?.enabled !== false;
  const retried = options.retry?.enabled !== false;
  const notRetried: readonly number[] = options.retry?.doNotRetry ?? NOT_RETRIED;
  const retries: number = options.retry?.retries ?? 3;
  const auth = (octokit.auth as { hook?: (send: (e: Endpoint) => Promise<OctokitResponse<unknown>>, e: Endpoint) => Promise<OctokitResponse<unknown>> }).hook;

  const worthAnotherTry = (err: Answered, endpoint: Endpoint) => {
    if (throttled && rateLimited(err)) return true;
    const allowed = (endpoint.request as { retries?: number } | undefined)?.retries ?? retries;
    return retried && err.status >= 400 && !notRetried.includes(err.status) && allowed > 0;
  };

  octokit.hook.wrap('request', async (paced, endpoint) => {
    if (!isPlainRead(endpoint)) return paced(endpoint);
    const failedRead = new WeakSet<object>();
    // What an authentication hook wraps: the read itself, without the hook that brought it here (whose other
    // parts are the plugins), given as Octokit gives it (`endpoint` to merge headers in; `defaults`, which
    // an installation's token request is made with, the client's own, through the plugins).
    const { endpoint: endpoints, defaults } = octokit.request;
    const send = Object.assign(
      (options: RequestParameters) => {
        const e = endpoints.merge(options);
        return sendRequest({ ...e, request: { ...e.request, hook: undefined } } as Endpoint).catch((err: unknown) => {
          if (err !== null && typeof err === 'object') failedRead.add(err);
          throw err;
        });
      },
      { endpoint: endpoints, defaults },
    );
    try {
      const response = await throughGate(id, () => (auth ? auth(send, endpoint) : send(endpoint)));
      octokit.log.debug(`GitHub request: ${endpoint.method} ${endpoint.url} - ${response.status}`);
      return response;
    } catch (err) {
      const answered = err as Answered;
      if (!failedRead.has(answered) || typeof answered.status !== 'number') throw err;
      octokit.log.debug(`GitHub request: ${endpoint.method} ${endpoint.url} - ${answered.status}`);
      if (!worthAnotherTry(answered, endpoint)) throw err;
      return paced(endpoint);
    }
  });
}
