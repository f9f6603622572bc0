import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BuildFailedError } from '../../../activities/builders/builder.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { removeLocalImages, repoDir, testEngine, type TestEngine } from './engine-fixture.js';

/** Builds test/fixtures/images/<fixture> with the dockerfile builder, expecting a failure: the error and the log. */
async function failedBuild(t: TestEngine, fixture: string, imageRef: string) {
  const lines: string[] = [];
  const err = await t.builders.get('dockerfile').build({
    buildId: `test-${fixture}-${Date.now().toString(36)}`, repoDir, context: `test/fixtures/images/${fixture}`, dockerfile: 'Dockerfile',
    buildArgs: { BASE: baseImage() }, labels: {}, imageRef, signal: new AbortController().signal, onLog: (line) => lines.push(line), heartbeat: () => {},
  }).then(() => undefined, (e: unknown) => e);
  return { err, lines };
}

describe('builds the engine refuses say why (real Podman)', () => {
  const repository = uniqueRepository('refused');
  let t: TestEngine;
  beforeAll(async () => {
    t = await testEngine();
  });
  afterAll(async () => {
    await removeLocalImages(t.docker, [`${repository}:escape`, `${repository}:absolute`]);
  });

  it('a COPY of a link climbing out of the context: refused (not a fault to retry), naming the link', async () => {
    const { err, lines } = await failedBuild(t, 'symlink-escape', `${repository}:escape`);
    expect(err).toBeInstanceOf(BuildFailedError);
    const message = (err as Error).message;
    // Podman answers this request with HTTP 500 and an empty body; the context says what it refused.
    expect(message).toBe(`the engine refused the build of ${repository}:escape (HTTP 500) without saying why; the build context holds a symbolic link leading outside it, which the engine will not unpack: outside -> ../run-steps/app.txt`);
    expect(message).not.toContain('(HTTP code 500) server error');
    expect(lines).toContain('note: symbolic link outside -> ../run-steps/app.txt leads outside the build context');
  });

  it("a COPY of a link the engine cannot follow: the engine's first line, its struct dump elided, the whole of it in the log", async () => {
    const { err, lines } = await failedBuild(t, 'symlink-absolute', `${repository}:absolute`);
    expect(err).toBeInstanceOf(BuildFailedError);
    const message = (err as Error).message;
    expect(message).toMatch(/^build of \S+:absolute failed: building at STEP "COPY outside \/outside": /);
    expect(message.length).toBeLessThan(400);
    expect(message.split('\n')).toHaveLength(1);
    expect(message).not.toContain('preservedRoot');
    const engineLines = lines.filter((l) => l.startsWith('engine: '));
    expect(engineLines.length).toBeGreaterThan(0);
    expect(engineLines[0]).toContain('COPY outside /outside');
    // The engine's words are kept whole in the log (Buildah's copier prints its request struct: ~3.7 KB).
    if (engineLines[0].includes('copier.request{')) {
      expect(engineLines[0].length).toBeGreaterThan(1000);
      expect(message).toContain('copier.request{…}');
      expect(message).toContain('no such file or directory');
    }
  });
});
