import { describe, expect, it } from '@jest/globals';
import { labelledDockerfile } from '../../../activities/builders/labelled-dockerfile.js';

const labels = { 'org.opencontainers.image.revision': 'abc', 'io.imagefactory.build-id': 'local/x@1', 'org.opencontainers.image.created': '2026-01-01T00:00:00.000Z' };

describe('the labels written into the Dockerfile', () => {
  it('come last, sorted, as one LABEL, whatever order they are given in', () => {
    const a = labelledDockerfile('FROM base\nRUN echo hi\n', labels);
    const b = labelledDockerfile('FROM base\nRUN echo hi\n', Object.fromEntries(Object.entries(labels).reverse()));
    expect(a).toBe(b);
    expect(a).toBe('FROM base\nRUN echo hi\nLABEL "io.imagefactory.build-id"="local/x@1" \\\n      "org.opencontainers.image.created"="2026-01-01T00:00:00.000Z" \\\n      "org.opencontainers.image.revision"="abc"\n');
  });

  it('go to the end of the target stage, not the last one; a FROM inside a continued line is no stage', () => {
    const text = 'FROM base AS build\nRUN make \\\n  FROM=1\nFROM build AS runtime\nCOPY x /x\nFROM runtime AS debug\nRUN echo debug\n';
    const out = labelledDockerfile(text, { a: '1' }, 'Runtime');
    expect(out).toBe('FROM base AS build\nRUN make \\\n  FROM=1\nFROM build AS runtime\nCOPY x /x\nLABEL "a"="1"\n\nFROM runtime AS debug\nRUN echo debug\n');
    expect(labelledDockerfile(text, { a: '1' })).toMatch(/RUN echo debug\nLABEL "a"="1"\n$/);
  });

  it('quote what a label holds', () => {
    expect(labelledDockerfile('FROM base', { note: 'say "hi" \\ bye' })).toBe('FROM base\nLABEL "note"="say \\"hi\\" \\\\ bye"\n');
  });
});
