import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { BuildkitTraceDecoder } from '../../../activities/builders/buildkit-trace.js';
import { failureMessage } from '../../../activities/builders/engine-build.js';
import { LineSplitter } from '../../../activities/builders/line-splitter.js';
import { buildCgroupParent, killBuildCgroup } from '../../../activities/engine/build-cgroup.js';
import { EngineProgressError, readJsonProgress } from '../../../activities/engine/json-progress.js';
import { parseImageReference } from '../../../activities/registry/image-reference.js';

/** Minimal protobuf encoding (length-delimited and varint fields) to feed the BuildKit trace decoder. */
const varint = (n: number): Buffer => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.from(out);
};
const bytes = (no: number, value: Buffer | string) => {
  const b = Buffer.from(value);
  return Buffer.concat([varint((no << 3) | 2), varint(b.length), b]);
};
const num = (no: number, value: number) => Buffer.concat([varint(no << 3), varint(value)]);

describe('engine building blocks', () => {
  it('parses image references with explicit registries and Docker Hub defaults', () => {
    expect(parseImageReference('127.0.0.1:5000/acme/api:1.2@sha256:' + 'a'.repeat(64))).toEqual({ registry: '127.0.0.1:5000', repository: 'acme/api', tag: '1.2', digest: 'sha256:' + 'a'.repeat(64) });
    expect(parseImageReference('registry.example.com/payments/api')).toEqual({ registry: 'registry.example.com', repository: 'payments/api' });
    expect(parseImageReference('localhost/x:y')).toEqual({ registry: 'localhost', repository: 'x', tag: 'y' });
    expect(parseImageReference('nginx:1.27')).toEqual({ registry: 'registry-1.docker.io', repository: 'library/nginx', tag: '1.27' });
    expect(() => parseImageReference('127.0.0.1:5000/Acme/api')).toThrow(/lowercase/);
    expect(() => parseImageReference('127.0.0.1:5000/acme/api:-bad')).toThrow(/not a tag/);
    expect(() => parseImageReference('127.0.0.1:5000/acme/api@sha256:short')).toThrow(/not a digest/);
  });

  it('reads progress streams: failures inside the stream reject, split characters survive, a cut stream is no success', async () => {
    const euro = Buffer.from('{"stream":"price: 5€\\n"}\n');
    const cut = euro.indexOf(0xe2) + 1;
    const seen: string[] = [];
    await readJsonProgress(Readable.from([euro.subarray(0, cut), euro.subarray(cut)]), (e) => seen.push(e.stream ?? ''));
    expect(seen).toEqual(['price: 5€\n']);

    const failed = readJsonProgress(Readable.from(['{"status":"Pushing"}\n{"errorDetail":{"message":"denied: no access"},"error":"denied: no access"}\n']));
    await expect(failed).rejects.toBeInstanceOf(EngineProgressError);
    await expect(failed).rejects.toThrow('denied: no access');

    const broken = new Readable({ read() {} });
    const reading = readJsonProgress(broken);
    broken.push('{"stream":"half"}\n');
    broken.destroy();
    await expect(reading).rejects.toThrow(/closed the progress stream before it ended/);
  });

  it('splits stream chunks into lines and keeps only the last state of carriage-return progress', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    s.push('STEP 1/2: RUN x\nhal');
    s.push('f line\r\n10%\r50%\r100%\nend');
    s.flush();
    expect(lines).toEqual(['STEP 1/2: RUN x', 'half line', '100%', 'end']);
    expect(failureMessage('r:1', 'exit status 3', ['STEP 1/2: RUN a', 'ok', 'STEP 2/2: RUN b', 'it broke'])).toBe('build of r:1 failed: exit status 3\nlast output of the failing step:\n  it broke');
  });

  it('decodes BuildKit trace events (Docker with build version 2) into log lines', () => {
    const vertex = bytes(1, Buffer.concat([bytes(1, 'sha256:v1'), bytes(3, '[2/2] RUN echo hi'), bytes(5, Buffer.alloc(0))]));
    const log = (msg: string) => bytes(3, Buffer.concat([bytes(1, 'sha256:v1'), num(3, 1), bytes(4, msg)]));
    const failedVertex = bytes(1, Buffer.concat([bytes(1, 'sha256:v1'), bytes(3, '[2/2] RUN echo hi'), bytes(7, 'process did not complete successfully: exit code: 3')]));
    const d = new BuildkitTraceDecoder();
    expect(d.decode(Buffer.concat([vertex, log('hello\nwor')]).toString('base64'))).toEqual([
      { line: '#1 [2/2] RUN echo hi', stream: 'system' },
      { line: '#1 hello', stream: 'stdout' },
    ]);
    expect(d.decode(Buffer.concat([log('ld\n'), failedVertex]).toString('base64'))).toEqual([
      { line: '#1 world', stream: 'stdout' },
      { line: '#1 ERROR: process did not complete successfully: exit code: 3', stream: 'system' },
    ]);
  });

  it('names one cgroup per build and kills what is listed in it, in every hierarchy', async () => {
    expect(buildCgroupParent('build-123')).toBe('/imagefactory/build-123');
    expect(buildCgroupParent('acme/api:3f2c')).toMatch(/^\/imagefactory\/acme_api_3f2c-[0-9a-f]{12}$/);
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-cgroup-'));
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    try {
      const dir = path.join(root, 'pids', 'imagefactory', 'b1', 'inner');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(root, 'pids', 'imagefactory', 'b1', 'cgroup.procs'), '');
      await fs.writeFile(path.join(dir, 'cgroup.procs'), `${child.pid}\n`);
      const result = await killBuildCgroup('b1', root);
      expect(result).toEqual({ killed: [child.pid], cgroupKill: false });
      expect(await exited).toBe('SIGKILL');
      expect(await killBuildCgroup('no-such-build', root)).toEqual({ killed: [], cgroupKill: false });
    } finally {
      child.kill('SIGKILL');
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});
