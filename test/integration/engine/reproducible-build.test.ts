import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildFixture, removeLocalImages, testEngine, type TestEngine } from './engine-fixture.js';

let t: TestEngine;
const refs: string[] = [];
beforeAll(async () => {
  t = await testEngine();
});
afterAll(async () => {
  await removeLocalImages(t.docker, refs);
});

describe('the same build request', () => {
  it('gives the same image every time, its labels included', async () => {
    const labels = { 'io.imagefactory.build-id': `local/x/web@${Date.now()}`, 'org.opencontainers.image.revision': 'abc', 'org.opencontainers.image.created': '2026-01-01T00:00:00.000Z', 'org.opencontainers.image.source': 'file:///x' };
    const ids = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const ref = `localhost/imagefactory-test/reproducible:${i}`;
      refs.push(ref);
      ids.add((await buildFixture(t, 'run-steps', ref, { labels })).result.imageId);
    }
    expect(ids.size).toBe(1);
    const inspected = await t.docker.getImage(refs[0]).inspect();
    expect(inspected.Config.Labels).toMatchObject(labels);
  });
});
