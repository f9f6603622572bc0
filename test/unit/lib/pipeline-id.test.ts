import { describe, expect, it } from '@jest/globals';
import { planBuilds, pipelineIdFor } from '../../../builds/plan-builds.js';
import { errorText } from '../../../cli/error-text.js';
import type { Manifest } from '../../../manifest/types.js';

const commit = { sha: 'a'.repeat(40), ref: 'refs/heads/main', branch: 'main', dirty: false };

describe('workflow ids stay short and deterministic whatever the manifest', () => {
  const names = Array.from({ length: 60 }, (_, i) => `image-${String(i).padStart(2, '0')}-${'x'.repeat(50)}`);
  const manifest: Manifest = { version: 1, images: Object.fromEntries(names.map((n) => [n, { method: 'dockerfile' as const }])) };
  const plan = (images: string[]) =>
    planBuilds({ tenantId: 'github:123456', repository: `acme/${'r'.repeat(100)}`, sourceUrl: 'https://github.com/acme/r', manifest, commit, source: { kind: 'local', path: '/tmp' }, requestedBy: { login: 'alice', channel: 'cli' }, trigger: 'cli', requestedAt: new Date(0), defaultRegistry: '127.0.0.1:5000', images });

  it('names a pipeline of sixty long-named images in under 200 characters, the same for the same images in any order', () => {
    const all = plan(names);
    expect(all.pipelineId.length).toBeLessThan(200);
    expect(plan([...names].reverse()).pipelineId).toBe(all.pipelineId);
    expect(plan(names.slice(1)).pipelineId).not.toBe(all.pipelineId);
    expect(pipelineIdFor('t', 'o/r', commit)).toBe('pipeline:t/o/r@aaaaaaaaaaaa');
    for (const b of all.input.builds) expect(b.buildId.length).toBeLessThan(300);
  });
});

describe('errors are shown with their cause', () => {
  it('joins the messages of the chain once each', () => {
    const cause = Object.assign(new Error('3 INVALID_ARGUMENT: WorkflowId length exceeds limit.'), { details: 'WorkflowId length exceeds limit.' });
    expect(errorText(new Error('Failed to start Workflow', { cause }))).toBe('Failed to start Workflow: 3 INVALID_ARGUMENT: WorkflowId length exceeds limit.');
  });
});
