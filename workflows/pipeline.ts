import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  defineQuery,
  isCancellation,
  setHandler,
  startChild,
  ChildWorkflowFailure,
  ApplicationFailure,
  CancelledFailure,
} from '@temporalio/workflow';
import { imageBuild } from './image-build.js';
import type { BuildState, BuildStatus, ImageBuildInput } from './image-build-types.js';

export interface PipelineInput {
  /** One entry per image to build at this commit; each carries its own deterministic build id. */
  builds: ImageBuildInput[];
  /** Build again images whose build at this commit already succeeded (default: report the earlier result). */
  rebuild?: boolean;
}

export interface PipelineImageResult {
  buildId: string;
  image: string;
  status: BuildStatus | 'started_elsewhere';
  state?: BuildState;
  error?: string;
}

/** The builds this pipeline started (ids are deterministic, so callers can query each one). */
export const buildsQuery = defineQuery<{ buildId: string; image: string }[]>('builds');

/**
 * One commit: starts one imageBuild child per image and waits for all of them. A child that is already
 * running (started by an earlier delivery of the same event) is left alone and reported as such.
 */
export async function pipeline(input: PipelineInput): Promise<PipelineImageResult[]> {
  setHandler(buildsQuery, () => input.builds.map((b) => ({ buildId: b.buildId, image: b.image })));
  return Promise.all(input.builds.map((b) => runChild(b, input.rebuild ?? false)));
}

async function runChild(build: ImageBuildInput, rebuild: boolean): Promise<PipelineImageResult> {
  const base = { buildId: build.buildId, image: build.image };
  let handle;
  try {
    handle = await startChild(imageBuild, {
      workflowId: build.buildId,
      args: [build],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      workflowIdReusePolicy: rebuild ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
  } catch (err) {
    // Running (another delivery of the same event started it) or already succeeded at this commit.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { ...base, status: 'started_elsewhere' };
    throw err;
  }
  try {
    const state = await handle.result();
    return { ...base, status: state.status, state };
  } catch (err) {
    // imageBuild ends failed (ApplicationFailure) or cancelled (CancelledFailure) carrying its state.
    if (err instanceof ChildWorkflowFailure && (err.cause instanceof ApplicationFailure || err.cause instanceof CancelledFailure)) {
      const state = err.cause.details?.[0] as BuildState | undefined;
      const status = state?.status ?? (err.cause instanceof CancelledFailure ? 'cancelled' : 'failed');
      return { ...base, status, state, error: err.cause.message };
    }
    if (isCancellation(err)) return { ...base, status: 'cancelled', error: 'cancelled' };
    return { ...base, status: 'failed', error: (err as Error).message };
  }
}
