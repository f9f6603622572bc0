import { StringDecoder } from 'node:string_decoder';

/** One event of the engine's JSON-lines progress stream (build, push, pull). */
export interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: unknown;
}

/** The engine reported a failure inside its progress stream (as an `error`/`errorDetail` event). */
export class EngineProgressError extends Error {
  constructor(
    message: string,
    readonly event: ProgressEvent,
  ) {
    super(message);
    this.name = 'EngineProgressError';
  }
}

/** The failure message of an event, or undefined when the event is not a failure. */
export function progressFailure(event: ProgressEvent): string | undefined {
  if (event.errorDetail && (event.errorDetail.message || event.errorDetail.code !== undefined)) {
    return (event.errorDetail.message ?? event.error ?? `error code ${event.errorDetail.code}`).trim();
  }
  if (typeof event.error === 'string' && event.error !== '') return event.error.trim();
  return undefined;
}

/**
 * Reads an engine progress stream to its end, handing every event to `onEvent`. Resolves with the events
 * when the stream ends without a failure event; rejects with EngineProgressError on the first failure event
 * (the engine reports failed builds and pushes this way, with HTTP 200), and with the stream's error if it
 * breaks. Unlike docker-modem's followProgress, multi-byte characters split across chunks and malformed
 * lines cannot crash the process.
 */
export function readJsonProgress(stream: NodeJS.ReadableStream, onEvent: (event: ProgressEvent) => void = () => {}): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    const events: ProgressEvent[] = [];
    let buf = '';
    let failure: EngineProgressError | undefined;
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err ?? failure) reject(err ?? failure);
      else resolve(events);
    };
    const handle = (line: string) => {
      const text = line.trim();
      if (text === '') return;
      let event: ProgressEvent;
      try {
        event = JSON.parse(text) as ProgressEvent;
      } catch {
        event = { stream: `${text}\n` };
      }
      events.push(event);
      try {
        onEvent(event);
      } catch (err) {
        settle(err as Error);
        return;
      }
      const message = progressFailure(event);
      if (message !== undefined && !failure) failure = new EngineProgressError(message, event);
    };
    stream.on('data', (chunk: Buffer | string) => {
      buf += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        handle(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    stream.on('error', (err: Error) => settle(err));
    stream.on('end', () => {
      handle(buf + decoder.end());
      buf = '';
      settle();
    });
    // A stream destroyed before its end (an aborted request, a dropped connection) is never a success.
    stream.on('close', () => settle(new Error('the engine closed the progress stream before it ended')));
  });
}
