import fs from 'node:fs';
import path from 'node:path';

/** What a repository path is: a file, a folder, nothing, or a symbolic link that leads out of the repository. */
export type RepoEntryKind = 'file' | 'dir' | 'missing' | 'outside';

/** A read-only view of a repository's files, for checks that need to know what exists. */
export interface RepoFiles {
  /** `relPath` is relative to the repository root, `/`-separated, already known not to leave it. */
  kind(relPath: string): RepoEntryKind;
}

function inside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A checkout on disk; symbolic links are followed and must stay inside the root. */
export function fsRepoFiles(root: string): RepoFiles {
  let realRoot: string | undefined;
  return {
    kind(relPath) {
      try {
        realRoot ??= fs.realpathSync(root);
        const real = fs.realpathSync(path.resolve(realRoot, relPath));
        if (!inside(realRoot, real)) return 'outside';
        return fs.statSync(real).isDirectory() ? 'dir' : 'file';
      } catch {
        return 'missing';
      }
    },
  };
}

/** A repository known by the list of its file paths (a Git tree listing, as the GitHub API returns it). */
export function listedRepoFiles(filePaths: Iterable<string>): RepoFiles {
  const files = new Set<string>();
  const dirs = new Set<string>(['.']);
  for (const file of filePaths) {
    const clean = path.posix.normalize(file).replace(/\/$/, '');
    files.add(clean);
    for (let dir = path.posix.dirname(clean); dir !== '.' && !dirs.has(dir); dir = path.posix.dirname(dir)) dirs.add(dir);
  }
  return {
    kind(relPath) {
      const clean = path.posix.normalize(relPath).replace(/\/$/, '') || '.';
      return dirs.has(clean) ? 'dir' : files.has(clean) ? 'file' : 'missing';
    },
  };
}
