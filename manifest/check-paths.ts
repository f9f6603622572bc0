import path from 'node:path';
import type { RepoFiles } from './repo-files.js';
import type { SemanticCheck } from './validate-yaml.js';
import { eachImage } from './walk.js';

/** Methods that read a Dockerfile; for the others a `dockerfile` is checked only when one is given. */
const DOCKERFILE_METHODS = ['dockerfile', 'buildx', 'kaniko'];

/** Why a path cannot be used as written (backslashes, absolute, NUL), whatever it is relative to. */
function pathFormProblem(p: string): string | undefined {
  if (p.includes('\\')) return `${JSON.stringify(p)} uses "\\": write paths with "/"`;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return `${JSON.stringify(p)} is an absolute path: write it relative to the repository root`;
  if (p.includes('\0')) return `${JSON.stringify(p)} holds a NUL character`;
  return undefined;
}

const escapes = (p: string) => {
  const n = path.posix.normalize(p);
  return n === '..' || n.startsWith('../');
};

/** Why a repository-relative path is not acceptable, or undefined. */
export function relativePathProblem(p: string): string | undefined {
  return pathFormProblem(p) ?? (escapes(p) ? `${JSON.stringify(p)} leaves the repository: it must stay inside it` : undefined);
}

function dockerfileProblem(dockerfile: string, context: string, joined: string): string | undefined {
  const form = pathFormProblem(dockerfile);
  if (form) return form;
  if (!escapes(joined)) return undefined;
  return `${JSON.stringify(dockerfile)} leaves the repository: relative to the context ${JSON.stringify(context)} it is ${JSON.stringify(joined)}`;
}

/**
 * Build contexts and Dockerfiles stay inside the repository: no absolute paths, no `..` escapes (the
 * Dockerfile is relative to the context and may sit elsewhere in the repository). Given the repository's
 * files, also checks that the context is a folder and the Dockerfile a file.
 */
export function checkPaths(repo?: RepoFiles): SemanticCheck {
  return function checkPathsInside(manifest, ctx) {
    for (const [name, image] of eachImage(manifest)) {
      const at = ['images', name];
      const context = typeof image.context === 'string' ? image.context : '.';
      const contextProblem = relativePathProblem(context);
      if (contextProblem) ctx.report([...at, 'context'], `build context ${contextProblem}`);
      const given = typeof image.dockerfile === 'string';
      const dockerfile = given ? (image.dockerfile as string) : 'Dockerfile';
      const joined = path.posix.normalize(path.posix.join(context, dockerfile));
      const fileProblem = contextProblem ? pathFormProblem(dockerfile) : dockerfileProblem(dockerfile, context, joined);
      if (given && fileProblem) ctx.report([...at, 'dockerfile'], `Dockerfile ${fileProblem}`);
      if (!repo || contextProblem) continue;
      const contextKind = repo.kind(path.posix.normalize(context));
      if (contextKind !== 'dir') {
        const what = { file: 'is a file, not a folder', missing: 'does not exist in the repository', outside: 'leads outside the repository through a symbolic link', dir: '' }[contextKind];
        ctx.report(image.context === undefined ? at : [...at, 'context'], `build context ${JSON.stringify(context)} ${what}`, { where: image.context === undefined ? 'owner' : 'value' });
        continue;
      }
      if (fileProblem || (!given && !DOCKERFILE_METHODS.includes(String(image.method)))) continue;
      const fileKind = repo.kind(joined);
      if (fileKind !== 'file') {
        const what = { dir: 'is a folder, not a file', missing: 'does not exist in the repository', outside: 'leads outside the repository through a symbolic link', file: '' }[fileKind];
        const hint = given ? '' : ' (set dockerfile: to its path, relative to the context)';
        ctx.report(given ? [...at, 'dockerfile'] : at, `Dockerfile ${JSON.stringify(joined)} ${what}${hint}`, { where: given ? 'value' : 'owner' });
      }
    }
  };
}
