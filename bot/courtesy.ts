import { httpStatusOf } from '../github/http-status.js';

interface Log {
  warn(obj: object, msg: string): void;
}

/**
 * Runs a request that answers a person (a reaction, a reply). GitHub refusing it for good (a 4xx: the
 * comment deleted meanwhile, the issue locked) is logged and the delivery goes on: asking again would get
 * the same answer, and what the command did stands. Anything else (no answer, a 5xx) is a fault.
 */
export async function courtesy(log: Log, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === undefined || status < 400 || status >= 500 || status === 429) throw err;
    log.warn({ status, err: (err as Error).message }, `GitHub refused ${what}: left as it is`);
  }
}

/**
 * Sends a courtesy request now without waiting for it: GitHub spaces an installation's writes about a second
 * apart, and the work a command hands to Temporal must not queue behind a reaction. Call the function it
 * returns before answering: it waits for the request, and a fault in it surfaces there.
 */
export function courtesyStarted(log: Log, what: string, run: () => Promise<unknown>): () => Promise<void> {
  const outcome = courtesy(log, what, run).then(
    () => undefined,
    (err: unknown) => ({ err }),
  );
  return async () => {
    const failed = await outcome;
    if (failed) throw failed.err;
  };
}
