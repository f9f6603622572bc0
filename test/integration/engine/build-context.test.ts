import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BuildContextError, EXTERNAL_DOCKERFILE_NAME, tarBuildContext } from '../../../activities/builders/context-tar.js';
import { readTar, uniqueRepository } from '../../helpers/registry.js';
import { buildFixture, removeLocalImages, repoDir, testEngine, type TestEngine } from './engine-fixture.js';

async function tarNames(opts: { repoDir: string; context: string; dockerfile: string }): Promise<string[]> {
  const ctx = await tarBuildContext(opts);
  const chunks: Buffer[] = [];
  for await (const c of ctx.tar as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  return (await readTar(Buffer.concat(chunks))).map((e) => e.name.replace(/\/$/, ''));
}

describe('build context (.dockerignore, repository boundaries)', () => {
  const ref = `${uniqueRepository('dockerignore')}:build`;
  const externalRef = `${uniqueRepository('external-dockerfile')}:build`;
  let t: TestEngine;
  let tmp: string;
  beforeAll(async () => {
    t = await testEngine();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-context-'));
  });
  /** A file of a local image, through a created (never started) container. */
  async function readFileFromImage(image: string, file: string): Promise<string> {
    const container = await t.docker.createContainer({ Image: image, Cmd: ['none'] });
    try {
      const chunks: Buffer[] = [];
      for await (const c of (await container.getArchive({ path: file })) as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
      return (await readTar(Buffer.concat(chunks)))[0].content.toString('utf8');
    } finally {
      await container.remove({ force: true });
    }
  }
  afterAll(async () => {
    await removeLocalImages(t.docker, [ref, externalRef]);
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('sends only what .dockerignore lets through, and the engine sees exactly that', async () => {
    const names = await tarNames({ repoDir, context: 'test/fixtures/images/dockerignore', dockerfile: 'Dockerfile' });
    expect(names.sort()).toEqual(['.dockerignore', 'Dockerfile', 'build', 'build/keep.txt', 'keep.txt', 'src', 'src/a.txt']);

    const build = await buildFixture(t, 'dockerignore', ref);
    const listing = (await readFileFromImage(build.result.imageId, '/ctx-listing.txt')).trim().split('\n');
    expect(listing).toEqual(['/ctx', '/ctx/.dockerignore', '/ctx/Dockerfile', '/ctx/build', '/ctx/build/keep.txt', '/ctx/keep.txt', '/ctx/src', '/ctx/src/a.txt']);
  });

  it('always sends the Dockerfile, even when ignored, and one from outside the context under its own name', async () => {
    const repo = path.join(tmp, 'repo');
    await fs.mkdir(path.join(repo, 'app', 'docs'), { recursive: true });
    await fs.mkdir(path.join(repo, 'docker'), { recursive: true });
    await fs.writeFile(path.join(repo, 'app', '.dockerignore'), 'Dockerfile\ndocs\n*.md\n');
    await fs.writeFile(path.join(repo, 'app', 'Dockerfile'), 'FROM scratch\n');
    await fs.writeFile(path.join(repo, 'app', 'main.txt'), 'main\n');
    await fs.writeFile(path.join(repo, 'app', 'README.md'), 'readme\n');
    await fs.writeFile(path.join(repo, 'app', 'docs', 'a.txt'), 'doc\n');
    await fs.writeFile(path.join(repo, 'docker', 'app.Dockerfile'), 'FROM scratch\nCOPY main.txt /\n');
    expect((await tarNames({ repoDir: repo, context: 'app', dockerfile: 'Dockerfile' })).sort()).toEqual(['.dockerignore', 'Dockerfile', 'main.txt']);
    const external = await tarBuildContext({ repoDir: repo, context: 'app', dockerfile: '../docker/app.Dockerfile' });
    expect(external.dockerfile).toBe(EXTERNAL_DOCKERFILE_NAME);
    expect(external.entries).toContain(EXTERNAL_DOCKERFILE_NAME);
    // app/Dockerfile is ignored and is not this build's Dockerfile: it stays behind.
    expect((await tarNames({ repoDir: repo, context: 'app', dockerfile: '../docker/app.Dockerfile' })).sort()).toEqual(['.dockerignore', EXTERNAL_DOCKERFILE_NAME, 'main.txt']);

    // The engine builds from it.
    const build = await t.builders.get('dockerfile').build({
      buildId: `test-external-${Date.now()}`, repoDir: repo, context: 'app', dockerfile: '../docker/app.Dockerfile', buildArgs: {}, labels: {},
      imageRef: externalRef, onLog: () => {}, heartbeat: () => {}, signal: new AbortController().signal,
    });
    expect(await readFileFromImage(build.imageId, '/main.txt')).toBe('main\n');
  });

  it('refuses a context or Dockerfile that escapes the repository, symlinks included', async () => {
    const repo = path.join(tmp, 'escape');
    await fs.mkdir(path.join(repo, 'app'), { recursive: true });
    await fs.writeFile(path.join(tmp, 'outside.Dockerfile'), 'FROM scratch\n');
    await fs.writeFile(path.join(repo, 'app', 'Dockerfile'), 'FROM scratch\n');
    await fs.symlink(tmp, path.join(repo, 'up'));
    await fs.symlink(path.join(tmp, 'outside.Dockerfile'), path.join(repo, 'app', 'linked.Dockerfile'));
    await expect(tarBuildContext({ repoDir: repo, context: '..', dockerfile: 'Dockerfile' })).rejects.toThrow(BuildContextError);
    await expect(tarBuildContext({ repoDir: repo, context: 'up', dockerfile: 'outside.Dockerfile' })).rejects.toThrow(/leads outside the repository/);
    await expect(tarBuildContext({ repoDir: repo, context: 'app', dockerfile: '../../outside.Dockerfile' })).rejects.toThrow(/outside the repository/);
    await expect(tarBuildContext({ repoDir: repo, context: 'app', dockerfile: 'linked.Dockerfile' })).rejects.toThrow(/leads outside the repository/);
    await expect(tarBuildContext({ repoDir: repo, context: 'app', dockerfile: 'Missing.Dockerfile' })).rejects.toThrow(/does not exist/);
  });
});
