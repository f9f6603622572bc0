import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalCommit {
  sha: string;
  ref: string;
  branch?: string;
  tag?: string;
  /** The working tree differs from the commit: what is built is the working tree. */
  dirty: boolean;
  /** A short hash of the uncommitted changes, so two different dirty trees are two builds. */
  dirtyHash?: string;
}

export interface LocalCheckout {
  /** The folder holding .imagefactory.yml. */
  dir: string;
  /** The repository root (the git top level, or dir when not a git checkout). */
  root: string;
  /** A name for the project: the folder's name. */
  name: string;
  /** Where the source lives: the `origin` remote's URL, else a file:// URL of the folder (the OCI source label). */
  sourceUrl: string;
  commit: LocalCommit;
}

async function git(dir: string, ...args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', dir, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of the uncommitted changes under dir: tracked diffs plus untracked files' contents. */
async function dirtyHash(dir: string, status: string): Promise<string> {
  const diff = (await git(dir, 'diff', 'HEAD', '--binary', '--', '.')) ?? '';
  const untracked = status
    .split('\n')
    .filter((l) => l.startsWith('?? '))
    .map((l) => l.slice(3))
    .sort();
  const top = (await git(dir, 'rev-parse', '--show-toplevel')) ?? dir;
  const parts = untracked.map((f) => {
    const file = path.join(top, f);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return `${f}:${stat?.isFile() ? hashText(fs.readFileSync(file, 'latin1')) : 'dir'}`;
  });
  return hashText(`${diff}\n${parts.join('\n')}`).slice(0, 8);
}

/**
 * Reads what `imagefactory run` builds: the folder, its repository, and its HEAD commit. What is built is
 * the working tree (so a manifest can be tried before it is committed); uncommitted changes make the
 * build a different one from the clean commit's.
 */
export async function readLocalCheckout(dirArg: string): Promise<LocalCheckout> {
  const dir = path.resolve(dirArg);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`${dirArg} is not a folder`);
  const root = (await git(dir, 'rev-parse', '--show-toplevel')) ?? dir;
  const name = path.basename(dir);
  const sourceUrl = (await git(dir, 'remote', 'get-url', 'origin')) || `file://${dir}`;
  const sha = await git(dir, 'rev-parse', 'HEAD');
  if (!sha) {
    return { dir, root, name, sourceUrl, commit: { sha: '0'.repeat(40), ref: 'local', dirty: true, dirtyHash: hashText(dir).slice(0, 8) } };
  }
  const branch = await git(dir, 'symbolic-ref', '--short', '-q', 'HEAD');
  const tag = await git(dir, 'describe', '--tags', '--exact-match', 'HEAD');
  const status = (await git(dir, 'status', '--porcelain', '--untracked-files=all', '--', '.')) ?? '';
  const dirty = status.length > 0;
  return {
    dir,
    root,
    name,
    sourceUrl,
    commit: {
      sha,
      ref: branch ? `refs/heads/${branch}` : tag ? `refs/tags/${tag}` : sha,
      branch: branch || undefined,
      tag: tag || undefined,
      dirty,
      dirtyHash: dirty ? await dirtyHash(dir, status) : undefined,
    },
  };
}
