import { planBuilds } from '../../builds/plan-builds.js';
import type { Manifest } from '../../manifest/types.js';
import { imageBuild, statusQuery } from '../../workflows/image-build.js';
import type { BuildState, ImageBuildInput } from '../../workflows/image-build-types.js';
import type { FactoryHarness } from './factory-harness.js';
import { TEST_OWNER, TEST_TENANT } from './mappings.js';

/** Plans one image of a manifest at a fixture repository's commit in the test tenant, as the CLI would; alice (a build engineer) asks unless told otherwise. */
export function planImage(h: FactoryHarness, repo: { dir: string; sha: string }, manifest: Manifest, image: string, overrides: Partial<ImageBuildInput> = {}): ImageBuildInput {
  const plan = planBuilds({
    tenantId: overrides.tenantId ?? TEST_TENANT,
    repository: `${TEST_OWNER}/${image}-${repo.sha.slice(0, 6)}`,
    sourceUrl: `file://${repo.dir}`,
    manifest,
    commit: { sha: repo.sha, ref: 'refs/heads/main', branch: 'main', dirty: false },
    source: { kind: 'local', path: repo.dir },
    requestedBy: overrides.requestedBy ?? { login: 'alice', channel: 'cli' },
    trigger: 'test',
    requestedAt: new Date(),
    defaultRegistry: h.config.registry,
    images: [image],
    timeouts: overrides.timeouts,
  });
  return { ...plan.input.builds[0], ...overrides };
}

export async function startImageBuild(h: FactoryHarness, input: ImageBuildInput) {
  return h.client.workflow.start(imageBuild, { taskQueue: h.taskQueue, workflowId: input.buildId, args: [input] });
}

/** Polls the build's status query until `predicate` holds (or the time runs out). */
export async function waitForState(h: FactoryHarness, buildId: string, predicate: (s: BuildState) => boolean, timeoutMs = 90_000): Promise<BuildState> {
  const handle = h.client.workflow.getHandle(buildId);
  const deadline = Date.now() + timeoutMs;
  let last: BuildState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(statusQuery);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`build ${buildId} did not reach the expected state; last: ${JSON.stringify(last && { status: last.status, step: last.step })}`);
}
