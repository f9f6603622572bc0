import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tarFs, { type ExtractOptions } from 'tar-fs';
import type { Header } from 'tar-stream';
import { SourceUnavailableError } from './source-checkout.js';

export interface UnpackOptions {
  /** What is unpacked, for messages: `acme/api@<sha>`. */
  what: string;
  /** The most bytes the archive may hold unpacked. */
  maxBytes: number;
  signal: AbortSignal;
}

const KINDS = new Set(['file', 'directory', 'symlink', 'link']);
const MIB = 1024 * 1024;

/**
 * An entry's path below the archive's top folder (GitHub's `owner-repo-sha/`), or why it may not be
 * unpacked: an absolute path, a `..` segment, or anything outside that one top folder.
 */
export function entryPath(name: string, top: string | undefined): { top: string; path: string } | { refused: string } {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return { refused: `the entry ${name} has an absolute path` };
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { refused: `the entry ${name} climbs out of its folder (..)` };
  if (segments.length === 0 || (top !== undefined && segments[0] !== top)) return { refused: `the entry ${name} is outside the archive's top folder ${top ?? ''}` };
  return { top: segments[0], path: segments.slice(1).join('/') };
}

/** What unpacking has seen so far: the top folder, and the symbolic links (paths below it). */
interface Seen {
  top: string | undefined;
  links: string[];
}

const underLink = (seen: Seen, p: string) => seen.links.find((l) => p === l || p.startsWith(`${l}/`));

/** An entry as it is unpacked (name, and a hard link's target, below the top folder), or why it may not be. */
export function admitEntry(header: Header, seen: Seen): Header | { refused: string } {
  if (!KINDS.has(header.type ?? 'file')) return { refused: `the entry ${header.name} is a ${header.type}` };
  const at = entryPath(header.name, seen.top);
  if ('refused' in at) return at;
  seen.top = at.top;
  const link = underLink(seen, at.path.split('/').slice(0, -1).join('/'));
  if (link !== undefined) return { refused: `the entry ${header.name} lies under the symbolic link ${link}` };
  if (header.type === 'symlink') seen.links.push(at.path);
  if (header.type !== 'link') return { ...header, name: at.path };
  const target = entryPath(header.linkname ?? '', seen.top);
  if ('refused' in target) return { refused: `the hard link ${header.name}: ${target.refused}` };
  if (underLink(seen, target.path) !== undefined) return { refused: `the hard link ${header.name} leads through a symbolic link` };
  return { ...header, name: at.path, linkname: target.path };
}

/**
 * Unpacks a `.tar.gz` (a commit's tarball) into `dir`, without its top folder. Refuses, as a
 * SourceUnavailableError, an entry that would land outside `dir` (admitEntry), a device or fifo, and an
 * archive larger than `maxBytes` unpacked (counted as it streams, so a small download that inflates is
 * stopped too). Symbolic links are kept as they are, wherever they point: the build's own path checks
 * refuse a context or a Dockerfile that leads out of the repository, and nothing is written through a
 * link. Returns the entries and bytes unpacked.
 */
export async function unpackTarball(gzip: ReadableStream<Uint8Array>, dir: string, opts: UnpackOptions): Promise<{ entries: number; bytes: number }> {
  const seen: Seen = { top: undefined, links: [] };
  let refusal: SourceUnavailableError | undefined;
  let bytes = 0;
  let entries = 0;
  const refuse = (why: string) => (refusal ??= new SourceUnavailableError(`the tarball of ${opts.what} cannot be unpacked: ${why}`));

  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) done(refuse(`it holds more than ${Math.round(opts.maxBytes / MIB)} MiB unpacked (IMAGEFACTORY_SOURCE_MAX_MIB)`));
      else done(null, chunk);
    },
  });
  // tar-fs takes more options than its types declare (chown, validateSymlinks), and headers with linkname.
  const options = {
    chown: false,
    // Links stay as committed; the build's path checks decide what they may reach.
    validateSymlinks: false,
    // The worker can always read and remove what it unpacked.
    dmode: 0o700,
    fmode: 0o600,
    map(header: Header): Header {
      if (refusal) return header;
      const admitted = admitEntry(header, seen);
      if ('refused' in admitted) {
        refuse(admitted.refused);
        return header;
      }
      return admitted;
    },
    ignore(_name: string, header?: Header) {
      if (refusal) {
        extract.destroy(refusal);
        return true;
      }
      if (header?.name === '') return true; // the top folder itself
      entries += 1;
      return false;
    },
  };
  const extract = tarFs.extract(dir, options as unknown as ExtractOptions);
  // Stopping the archive also ends the entry under way with the refusal, which the pipeline reports.
  extract.on('entry', (_header, entry) => entry.on('error', () => undefined));
  try {
    await pipeline(Readable.fromWeb(gzip), createGunzip(), counter, extract as unknown as NodeJS.WritableStream, { signal: opts.signal });
  } catch (err) {
    throw refusal ?? err;
  }
  if (refusal) throw refusal;
  return { entries, bytes };
}
