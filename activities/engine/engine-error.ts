import { EngineProgressError } from './json-progress.js';

/**
 * A failed call to the engine, read from what dockerode threw. `refused`: the engine answered, and asking
 * again gets the same answer (a 4xx, a 5xx carrying the engine's own error message, a failure event in a
 * build or push stream). `fault`: no answer or a passing one, worth a retry (connection refused, socket hang
 * up, the stream cut short, 408/429/502/503/504, a 500 saying nothing or naming a timeout or lost connection).
 */
export interface EngineFailure {
  kind: 'refused' | 'fault';
  /** The HTTP status, when the engine answered with one. */
  status?: number;
  /** The engine's own words, whole, for the log; '' when it said nothing. */
  detail: string;
  /** What a person reads: the first meaningful line of `detail`, Go value dumps elided, bounded; or the transport error. */
  summary: string;
}

/** The engine could not be reached or failed on its side in a way another attempt may not: retried. */
export class EngineFaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineFaultError';
  }
}

const SUMMARY_MAX = 300;
const PASSING_STATUSES = new Set([408, 429, 502, 503, 504]);
/** Messages that speak of a lost connection, a gateway or a lock on the way, not of the request itself. */
const PASSING_MESSAGE = /connection (refused|reset)|broken pipe|i\/o timeout|TLS handshake timeout|deadline exceeded|temporarily unavailable|try again later|database is locked|no route to host|Bad Gateway|Service Unavailable|Gateway Time-?out/i;
/**
 * Messages of the engine's own image store losing a layer under a concurrent removal (another build's
 * cleanup, a prune): the build did nothing wrong, and a new attempt finds the store whole again.
 */
const STORE_RACE = /\blayer not known\b/i;

/** Replaces long `{...}` groups (Go's %#v struct dumps: `copier.request{Request:"GET", ...}`) by `{…}`, quotes respected. */
export function elideValueDumps(text: string, longerThan = 40): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '{') {
      out += text[i++];
      continue;
    }
    let depth = 0;
    let j = i;
    let quote: string | undefined;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === '`') quote = c;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    if (j >= text.length || j - i < longerThan) {
      out += text[i++];
      continue;
    }
    out += '{…}';
    i = j + 1;
  }
  return out;
}

/** The first line of an engine message a person can read, value dumps elided, at most `max` characters. */
export function summarizeEngineMessage(text: string, max = SUMMARY_MAX): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => /[A-Za-z0-9]/.test(l)) ?? '';
  const short = elideValueDumps(line).replace(/\s+/g, ' ');
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}

/** The engine's answer as text: dockerode keeps a JSON body on `json`, a streamed one after " - " in its message. */
function engineBody(err: { json?: unknown; message?: string }): string {
  const json = err.json;
  if (json && typeof json === 'object' && !Buffer.isBuffer(json)) {
    const m = (json as { message?: unknown; cause?: unknown }).message ?? (json as { cause?: unknown }).cause;
    if (typeof m === 'string') return m.trim();
  }
  if (Buffer.isBuffer(json)) return json.toString('utf8').trim();
  if (typeof json === 'string') return json.trim();
  const cause = /^\(HTTP code \d+\) [^-]*- ([\s\S]*)$/.exec(err.message ?? '')?.[1]?.trim() ?? '';
  return cause === '[object Object]' ? '' : cause;
}

/**
 * Reads a dockerode error (or a failure event of a progress stream) as refused or fault. A failure event
 * is a refusal (a build step failed), unless it names the engine's store losing a layer, or `streamFaults`
 * (a push: the engine talks to a registry) and it names a lost connection or a gateway status.
 */
export function engineFailure(err: unknown, opts: { streamFaults?: boolean } = {}): EngineFailure {
  if (err instanceof EngineProgressError) {
    const passing = STORE_RACE.test(err.message) || (opts.streamFaults === true && PASSING_MESSAGE.test(err.message));
    return { kind: passing ? 'fault' : 'refused', detail: err.message, summary: summarizeEngineMessage(err.message) };
  }
  const e = (err ?? {}) as { statusCode?: unknown; json?: unknown; message?: string; reason?: string; code?: string };
  if (typeof e.statusCode !== 'number') {
    const message = e.message ?? String(err);
    return { kind: 'fault', detail: '', summary: e.code && !message.includes(e.code) ? `${message} (${e.code})` : message };
  }
  const status = e.statusCode;
  const detail = engineBody(e);
  const passing = PASSING_STATUSES.has(status) || (status >= 500 && (detail === '' || PASSING_MESSAGE.test(detail)));
  const said = detail ? summarizeEngineMessage(detail) : `${e.reason ?? 'no message'}`;
  return { kind: passing ? 'fault' : 'refused', status, detail, summary: said };
}

/** The lines of the engine's message, whole, for the build log (none when it said nothing). */
export function detailToLog(f: EngineFailure): string[] {
  return f.detail.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
}
