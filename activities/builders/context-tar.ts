import fs from 'node:fs/promises';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import tarFs from 'tar-fs';

// The package is CommonJS (module.exports = factory) while its types declare a default export.
const dockerignore = ((dockerignoreModule as unknown as { default?: unknown }).default ?? dockerignoreModule) as typeof dockerignoreModule.default;

/** A context or Dockerfile that cannot be sent: outside the repository, missing, or not a file. */
export class BuildContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildContextError';
  }
}

/** Name a Dockerfile from outside the context is sent under (inside the tar's root). */
export const EXTERNAL_DOCKERFILE_NAME = '.imagefactory.Dockerfile';

export interface BuildContextTar {
  /** The tar stream to send to POST /build. */
  tar: NodeJS.ReadableStream;
  /** The `dockerfile` parameter to send: the Dockerfile's path inside the tar. */
  dockerfile: string;
  /** Paths (relative to the context, `/`-separated, sorted) of the entries sent, directories included. */
  entries: string[];
  /**
   * Symbolic links sent whose relative target climbs out of the context (`outside -> ../secret.txt`):
   * Podman and Docker's classic builder refuse to unpack such a context, so a refused build names them.
   */
  escapingLinks: { path: string; target: string }[];
}

/** The entries among `links` (context-relative) whose relative target leads out of the context root. */
async function escapingLinks(contextDir: string, links: string[]): Promise<BuildContextTar['escapingLinks']> {
  const out: BuildContextTar['escapingLinks'] = [];
  for (const link of links) {
    const target = await fs.readlink(path.join(contextDir, link)).catch(() => undefined);
    if (target === undefined || path.posix.isAbsolute(target)) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(link), target));
    if (resolved === '..' || resolved.startsWith('../')) out.push({ path: link, target });
  }
  return out;
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function realInside(repo: string, p: string, what: string): Promise<string> {
  if (!inside(repo, p)) throw new BuildContextError(`${what} ${p} is outside the repository ${repo}`);
  let real: string;
  try {
    real = await fs.realpath(p);
  } catch {
    throw new BuildContextError(`${what} ${path.relative(repo, p) || '.'} does not exist in the repository`);
  }
  if (!inside(repo, real)) throw new BuildContextError(`${what} ${path.relative(repo, p)} leads outside the repository (to ${real})`);
  return real;
}

async function readIgnore(contextDir: string): Promise<string[]> {
  try {
    return (await fs.readFile(path.join(contextDir, '.dockerignore'), 'utf8')).split(/\r?\n/);
  } catch {
    return [];
  }
}

/**
 * Lists what Docker would send for this context: every path not excluded by `.dockerignore` (Docker's
 * semantics, `!` exceptions included), plus the Dockerfile and `.dockerignore`, which are always sent.
 * An excluded directory is still walked when an exception might re-include something below it.
 */
export async function listContextEntries(contextDir: string, alwaysSend: string[], onLink?: (rel: string) => void): Promise<string[]> {
  const patterns = (await readIgnore(contextDir)).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const ig = dockerignore({ ignorecase: false }).add(patterns);
  const hasExceptions = patterns.some((p) => p.startsWith('!'));
  const always = new Set(alwaysSend);
  const out: string[] = [];
  const walk = async (relDir: string): Promise<boolean> => {
    const dirents = await fs.readdir(path.join(contextDir, relDir), { withFileTypes: true });
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let kept = false;
    for (const d of dirents) {
      const rel = relDir === '' ? d.name : `${relDir}/${d.name}`;
      const ignored = !always.has(rel) && ig.ignores(rel);
      if (d.isDirectory()) {
        if (ignored && !hasExceptions && !alwaysSend.some((a) => a.startsWith(`${rel}/`))) continue;
        const at = out.length;
        const childKept = await walk(rel);
        if (!ignored || childKept) {
          out.splice(at, 0, rel);
          kept = true;
        }
      } else if (!ignored) {
        out.push(rel);
        if (d.isSymbolicLink()) onLink?.(rel);
        kept = true;
      }
    }
    return kept;
  };
  await walk('');
  return out;
}

/**
 * Tars a build context for the engine. The context and the Dockerfile must stay inside the repository
 * (symlinks included); a Dockerfile outside the context, or one `rewrite` changes, is sent as
 * EXTERNAL_DOCKERFILE_NAME (the context's own files stay as they are).
 */
export async function tarBuildContext(opts: { repoDir: string; context: string; dockerfile: string; rewrite?: (dockerfile: string) => string }): Promise<BuildContextTar> {
  const repo = await fs.realpath(opts.repoDir).catch(() => {
    throw new BuildContextError(`repository directory ${opts.repoDir} does not exist`);
  });
  const contextDir = await realInside(repo, path.resolve(repo, opts.context || '.'), 'build context');
  if (!(await fs.stat(contextDir)).isDirectory()) throw new BuildContextError(`build context ${opts.context} is not a directory`);
  const dockerfileLexical = path.resolve(contextDir, opts.dockerfile || 'Dockerfile');
  const dockerfileReal = await realInside(repo, dockerfileLexical, 'Dockerfile');
  if (!(await fs.stat(dockerfileReal)).isFile()) throw new BuildContextError(`Dockerfile ${opts.dockerfile} is not a file`);

  const inContext = inside(contextDir, dockerfileLexical) && inside(contextDir, dockerfileReal) && dockerfileLexical !== contextDir;
  const sentAsIs = inContext && opts.rewrite === undefined;
  const dockerfile = sentAsIs ? path.relative(contextDir, dockerfileLexical).split(path.sep).join('/') : EXTERNAL_DOCKERFILE_NAME;
  const links: string[] = [];
  const keep = inContext ? [path.relative(contextDir, dockerfileLexical).split(path.sep).join('/'), '.dockerignore'] : ['.dockerignore'];
  let entries = await listContextEntries(contextDir, keep, (l) => links.push(l));
  let external: Buffer | undefined;
  let ignoreFile: Buffer | undefined;
  if (!sentAsIs) {
    const text = await fs.readFile(dockerfileReal, 'utf8');
    external = Buffer.from(opts.rewrite ? opts.rewrite(text) : text);
    // The engine still reads a Dockerfile .dockerignore excludes, but COPY never sees it: the one sent for
    // this build stays out of the image.
    const ignore = (await readIgnore(contextDir)).join('\n').replace(/\n*$/, '');
    ignoreFile = Buffer.from(`${ignore}${ignore ? '\n' : ''}/${EXTERNAL_DOCKERFILE_NAME}\n`);
    entries = entries.filter((e) => e !== EXTERNAL_DOCKERFILE_NAME && e !== '.dockerignore');
  }
  const escaping = await escapingLinks(contextDir, links);
  const tar = tarFs.pack(contextDir, {
    entries,
    // Entries are listed explicitly (directories too): never descend on our own.
    ignore: () => true,
    finalize: external === undefined,
    finish: (pack) => {
      if (external === undefined || ignoreFile === undefined) return;
      pack.entry({ name: EXTERNAL_DOCKERFILE_NAME, mode: 0o644, mtime: new Date(0) }, external);
      pack.entry({ name: '.dockerignore', mode: 0o644, mtime: new Date(0) }, ignoreFile);
      pack.finalize();
    },
  });
  // tar-stream's pack is a streamx Readable; it pipes into the engine request like a Node stream.
  return {
    tar: tar as unknown as NodeJS.ReadableStream,
    dockerfile,
    entries: external ? [...entries, EXTERNAL_DOCKERFILE_NAME, '.dockerignore'] : entries,
    escapingLinks: escaping,
  };
}
