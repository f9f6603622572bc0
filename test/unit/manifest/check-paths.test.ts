import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { relativePathProblem } from '../../../manifest/check-paths.js';
import { fsRepoFiles, listedRepoFiles } from '../../../manifest/repo-files.js';
import { oneImage, problemLines } from './check-helpers.js';

describe('paths stay inside the repository', () => {
  it.each(['.', 'services/api', './services/api/', 'a/../b', 'services/api/..'])('accepts context %j', (p) => {
    expect(relativePathProblem(p)).toBeUndefined();
  });

  it.each([
    ['..', 'leaves the repository'],
    ['../other', 'leaves the repository'],
    ['a/../../b', 'leaves the repository'],
    ['/srv/app', 'is an absolute path'],
    ['C:/app', 'is an absolute path'],
    ['services\\api', 'write paths with "/"'],
  ])('refuses %j: %s', (p, fragment) => {
    expect(relativePathProblem(p)).toContain(fragment);
  });

  it('lets a Dockerfile sit elsewhere in the repository, relative to its context', () => {
    expect(problemLines(oneImage(['method: dockerfile', 'context: services/api', 'dockerfile: ../../docker/api.Dockerfile']))).toEqual([]);
    expect(problemLines(oneImage(['method: dockerfile', 'context: services/api', 'dockerfile: ../../../Dockerfile']))).toEqual([
      '6:17 Dockerfile "../../../Dockerfile" leaves the repository: relative to the context "services/api" it is "../Dockerfile" (at images.api.dockerfile)',
    ]);
  });

  it('reports an escaping context once, not again through its Dockerfile', () => {
    expect(problemLines(oneImage(['method: dockerfile', 'context: ..', 'dockerfile: Dockerfile']))).toEqual([
      '5:14 build context ".." leaves the repository: it must stay inside it (at images.api.context)',
    ]);
  });
});

describe('with a checkout, contexts and Dockerfiles exist', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'imagefactory-paths-'));
    mkdirSync(path.join(repo, 'services/api'), { recursive: true });
    mkdirSync(path.join(repo, 'docker'));
    writeFileSync(path.join(repo, 'services/api/Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(repo, 'docker/web.Dockerfile'), 'FROM scratch\n');
    writeFileSync(path.join(repo, 'README.md'), 'hi\n');
    symlinkSync(tmpdir(), path.join(repo, 'escape'));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('accepts contexts and Dockerfiles that exist', () => {
    const text = oneImage(['method: dockerfile', 'context: services/api'], ['  web:', '    method: buildx', '    context: services', '    dockerfile: ../docker/web.Dockerfile', '  site:', '    method: paketo']);
    expect(problemLines(text, { repoRoot: repo })).toEqual([]);
  });

  it('reports a missing context, a file given as context, a missing Dockerfile and a link out of the repository', () => {
    const text = oneImage(['method: dockerfile', 'context: services/gone'], [
      '  readme:', '    method: dockerfile', '    context: README.md',
      '  web:', '    method: kaniko', '    context: docker',
      '  tools:', '    method: buildx', '    dockerfile: docker',
      '  out:', '    method: dockerfile', '    context: escape',
    ]);
    expect(problemLines(text, { repoRoot: repo })).toEqual([
      '5:14 build context "services/gone" does not exist in the repository (at images.api.context)',
      '8:14 build context "README.md" is a file, not a folder (at images.readme.context)',
      '9:3 Dockerfile "docker/Dockerfile" does not exist in the repository (set dockerfile: to its path, relative to the context) (at images.web)',
      '14:17 Dockerfile "docker" is a folder, not a file (at images.tools.dockerfile)',
      '17:14 build context "escape" leads outside the repository through a symbolic link (at images.out.context)',
    ]);
  });

  it('works from a listing of the repository\'s files (a Git tree) as well', () => {
    const files = listedRepoFiles(['services/api/Dockerfile', 'docker/web.Dockerfile', 'README.md']);
    expect(files.kind('services')).toBe('dir');
    expect(files.kind('services/api/')).toBe('dir');
    expect(files.kind('.')).toBe('dir');
    expect(files.kind('docker/web.Dockerfile')).toBe('file');
    expect(files.kind('docker/none')).toBe('missing');
    expect(problemLines(oneImage(['method: dockerfile', 'context: services/web']), { repoFiles: files })).toEqual([
      '5:14 build context "services/web" does not exist in the repository (at images.api.context)',
    ]);
  });

  it('sees the checkout on disk the same way', () => {
    const files = fsRepoFiles(repo);
    expect([files.kind('services/api'), files.kind('README.md'), files.kind('nothing'), files.kind('escape')]).toEqual(['dir', 'file', 'missing', 'outside']);
  });
});
