import { describe, expect, it } from '@jest/globals';
import { elideValueDumps, engineFailure, summarizeEngineMessage } from '../../../activities/engine/engine-error.js';
import { EngineProgressError } from '../../../activities/engine/json-progress.js';

/** An HTTP error as dockerode (docker-modem) makes it: a JSON answer on `json`; a streamed one only after " - " in the message. */
function httpError(status: number, reason: string, answer: { json?: { message: string }; streamed?: string } = {}) {
  const cause = answer.streamed ?? answer.json?.message ?? '';
  return Object.assign(new Error(`(HTTP code ${status}) ${reason} - ${cause} `), { statusCode: status, reason, json: answer.json ?? null });
}

describe('the engine message a person reads', () => {
  it("elides Go value dumps, keeping the words around them", () => {
    const dump = 'reading "x": error during bulk transfer for copier.request{Request:"GET", Root:"/", Globs:[]string{"/outside"}, Opts:copier.GetOptions{UIDMap:[]idtools.IDMap(nil), Rename:map[string]string(nil), Note:"a } in quotes"}}: copier: get: lstat /etc/hostname: no such file or directory';
    expect(elideValueDumps(dump)).toBe('reading "x": error during bulk transfer for copier.request{…}: copier: get: lstat /etc/hostname: no such file or directory');
    expect(elideValueDumps('short {ID} stays')).toBe('short {ID} stays');
    expect(elideValueDumps('an unclosed { brace stays as it is')).toBe('an unclosed { brace stays as it is');
  });

  it('takes the first line with words in it, bounded', () => {
    expect(summarizeEngineMessage('\n  \n---\ndockerfile parse error line 3: unknown instruction: CPY\nmore detail\n')).toBe('dockerfile parse error line 3: unknown instruction: CPY');
    const long = summarizeEngineMessage(`failed: ${'x'.repeat(1000)}`);
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('refused or fault', () => {
  it('4xx and a 500 carrying the engine error are refusals; the engine text is read from json or the streamed message', () => {
    expect(engineFailure(httpError(400, 'bad parameter', { json: { message: 'invalid platform "linux/amd64/v9/extra"' } }))).toEqual({ kind: 'refused', status: 400, detail: 'invalid platform "linux/amd64/v9/extra"', summary: 'invalid platform "linux/amd64/v9/extra"' });
    expect(engineFailure(httpError(500, 'server error', { streamed: 'Cannot locate specified Dockerfile: Dockerfile' }))).toMatchObject({ kind: 'refused', status: 500, detail: 'Cannot locate specified Dockerfile: Dockerfile' });
    expect(engineFailure(httpError(404, 'no such image', { json: { message: 'No such image: x:1' } }))).toMatchObject({ kind: 'refused', summary: 'No such image: x:1' });
    expect(engineFailure(new EngineProgressError('building at STEP "RUN false": exit status 1', {}))).toMatchObject({ kind: 'refused', summary: 'building at STEP "RUN false": exit status 1' });
  });

  it('no answer, a gateway, or a 500 speaking of lost connections is a fault worth a retry', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2375'), { code: 'ECONNREFUSED' });
    expect(engineFailure(refused)).toEqual({ kind: 'fault', detail: '', summary: 'connect ECONNREFUSED 127.0.0.1:2375' });
    expect(engineFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'fault', summary: 'socket hang up (ECONNRESET)' });
    expect(engineFailure(httpError(502, 'unexpected', { streamed: 'Bad Gateway' }))).toMatchObject({ kind: 'fault', status: 502 });
    expect(engineFailure(httpError(503, 'unexpected', { json: { message: 'daemon is restarting' } }))).toMatchObject({ kind: 'fault', status: 503 });
    expect(engineFailure(httpError(500, 'server error', { json: { message: 'dial unix /run/containerd/containerd.sock: connect: connection refused' } }))).toMatchObject({ kind: 'fault' });
    expect(engineFailure(httpError(500, 'server error'))).toMatchObject({ kind: 'fault', detail: '', summary: 'server error' });
  });

  it('a push stream naming a lost connection or a gateway is a fault; a denial stays a refusal', () => {
    const lost = new EngineProgressError('pinging container registry r:5000: Get "http://r:5000/v2/": dial tcp r:5000: connect: connection refused', {});
    expect(engineFailure(lost, { streamFaults: true }).kind).toBe('fault');
    expect(engineFailure(lost).kind).toBe('refused');
    expect(engineFailure(new EngineProgressError('received unexpected HTTP status: 503 Service Unavailable', {}), { streamFaults: true }).kind).toBe('fault');
    expect(engineFailure(new EngineProgressError('denied: requested access to the resource is denied', {}), { streamFaults: true }).kind).toBe('refused');
  });

  it("a build stream naming the engine's store losing a layer (a concurrent removal) is a fault; a step's failure stays a refusal", () => {
    const race = new EngineProgressError('checking if cached image exists from a previous build: getting top layer info: layer not known', {});
    expect(engineFailure(race)).toMatchObject({ kind: 'fault', summary: 'checking if cached image exists from a previous build: getting top layer info: layer not known' });
    expect(engineFailure(new EngineProgressError('building at STEP "RUN ls /nope": exit status 2', {})).kind).toBe('refused');
  });
});
