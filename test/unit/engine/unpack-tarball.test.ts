import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import tarStream from 'tar-stream';
import { entryPath, unpackTarball } from '../../../activities/unpack-tarball.js';
import { SourceUnavailableError } from '../../../activities/source-checkout.js';

type Entry = Parameters<ReturnType<typeof tarStream.pack>['entry']>[0] & { body?: string };

/** A `.tar.gz` of exactly these entries, as a web stream (what fetch gives). */
async function tarball(entries: Entry[]): Promise<ReadableStream<Uint8Array>> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()));
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  await done;
  return Readable.toWeb(Readable.from([gzipSync(Buffer.concat(chunks))])) as ReadableStream<Uint8Array>;
}

let tmp: string;
let n = 0;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-unpack-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function unpack(entries: Entry[], maxBytes = 1 << 20) {
  const dir = path.join(tmp, `out-${++n}`, 'repo');
  await fs.mkdir(dir, { recursive: true });
  const result = await unpackTarball(await tarball(entries), dir, { what: 'acme/app@abc', maxBytes, signal: new AbortController().signal }).catch((e: unknown) => e);
  return { dir, result, outside: await fs.readdir(path.dirname(dir)) };
}

const top = { name: 'acme-app-abc1234/', type: 'directory' as const };

describe('unpacking a commit tarball', () => {
  it('names each entry below the one top folder, and refuses absolute paths, .. and strangers', () => {
    expect(entryPath('acme-app-abc1234/src/a.txt', undefined)).toEqual({ top: 'acme-app-abc1234', path: 'src/a.txt' });
    expect(entryPath('acme-app-abc1234/', undefined)).toEqual({ top: 'acme-app-abc1234', path: '' });
    expect(entryPath('/etc/passwd', undefined)).toEqual({ refused: 'the entry /etc/passwd has an absolute path' });
    expect(entryPath('acme-app-abc1234/../x', 'acme-app-abc1234')).toEqual({ refused: 'the entry acme-app-abc1234/../x climbs out of its folder (..)' });
    expect(entryPath('other/x', 'acme-app-abc1234')).toEqual({ refused: "the entry other/x is outside the archive's top folder acme-app-abc1234" });
  });

  it('keeps files, folders and links, strips the top folder, and counts what it wrote', async () => {
    const { dir, result } = await unpack([
      top,
      { name: 'acme-app-abc1234/src/', type: 'directory' },
      { name: 'acme-app-abc1234/src/a.txt', body: 'a\n' },
      { name: 'acme-app-abc1234/up', type: 'symlink', linkname: '../..' },
      { name: 'acme-app-abc1234/same.txt', type: 'link', linkname: 'acme-app-abc1234/src/a.txt' },
    ]);
    expect(result).toMatchObject({ entries: 4 });
    expect(await fs.readFile(path.join(dir, 'src/a.txt'), 'utf8')).toBe('a\n');
    expect(await fs.readlink(path.join(dir, 'up'))).toBe('../..');
    expect((await fs.stat(path.join(dir, 'same.txt'))).ino).toBe((await fs.stat(path.join(dir, 'src/a.txt'))).ino);
  });

  const T = 'acme-app-abc1234';
  it.each<[string, Entry[], string]>([
    ['an absolute entry', [top, { name: '/tmp/abs.txt', body: 'x' }], 'the entry /tmp/abs.txt has an absolute path'],
    ['an entry outside the top folder', [top, { name: 'elsewhere.txt', body: 'x' }], `the entry elsewhere.txt is outside the archive's top folder ${T}`],
    ['an entry climbing out', [top, { name: `${T}/../../escaped.txt`, body: 'x' }], `the entry ${T}/../../escaped.txt climbs out of its folder (..)`],
    ['a file written through a link', [top, { name: `${T}/out`, type: 'symlink', linkname: '..' }, { name: `${T}/out/escaped.txt`, body: 'x' }], `the entry ${T}/out/escaped.txt lies under the symbolic link out`],
    ['a hard link to a file outside', [top, { name: `${T}/h`, type: 'link', linkname: '../../etc/passwd' }], `the hard link ${T}/h: the entry ../../etc/passwd climbs out of its folder (..)`],
    ['a hard link through a link', [top, { name: `${T}/out`, type: 'symlink', linkname: '/etc' }, { name: `${T}/h`, type: 'link', linkname: `${T}/out/passwd` }], `the hard link ${T}/h leads through a symbolic link`],
    ['a device', [top, { name: `${T}/dev`, type: 'character-device', devmajor: 1, devminor: 3 }], `the entry ${T}/dev is a character-device`],
  ])('refuses %s, and nothing lands beside the folder', async (_what, entries, message) => {
    const { result, outside } = await unpack(entries);
    expect(result).toBeInstanceOf(SourceUnavailableError);
    expect((result as Error).message).toBe(`the tarball of acme/app@abc cannot be unpacked: ${message}`);
    expect(outside).toEqual(['repo']);
  });

  it('stops at the limit while it streams', async () => {
    const { result } = await unpack([top, { name: 'acme-app-abc1234/big.txt', body: 'a'.repeat(2 << 20) }], 1 << 20);
    expect((result as Error).message).toBe('the tarball of acme/app@abc cannot be unpacked: it holds more than 1 MiB unpacked (IMAGEFACTORY_SOURCE_MAX_MIB)');
  });
});
