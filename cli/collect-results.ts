import { WorkflowFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { SummaryRow } from '../templates/build-summary.js';
import type { BuildState } from '../workflows/image-build-types.js';
import type { PipelineImageResult } from '../workflows/pipeline.js';

/** A finished build's state, from its result or from the failure it ended with. */
export async function buildOutcome(client: Client, buildId: string): Promise<{ state?: BuildState; error?: string; status: SummaryRow['status'] }> {
  try {
    const state = (await client.workflow.getHandle(buildId).result()) as BuildState;
    return { state, status: state.status };
  } catch (err) {
    if (err instanceof WorkflowFailedError && (err.cause instanceof ApplicationFailure || err.cause instanceof CancelledFailure)) {
      const state = err.cause.details?.[0] as BuildState | undefined;
      return { state, error: err.cause.message, status: state?.status ?? (err.cause instanceof CancelledFailure ? 'cancelled' : 'failed') };
    }
    return { error: (err as Error).message, status: 'failed' };
  }
}

/**
 * The pipeline's per-image results as summary rows; a build the pipeline found already started (an earlier
 * run of the same commit, or another delivery) is waited for and reported like the others.
 */
export async function collectResults(client: Client, results: PipelineImageResult[]): Promise<SummaryRow[]> {
  return Promise.all(
    results.map(async (r) => {
      if (r.status !== 'started_elsewhere') return { image: r.image, buildId: r.buildId, status: r.status, state: r.state, error: r.error };
      const outcome = await buildOutcome(client, r.buildId);
      return { image: r.image, buildId: r.buildId, ...outcome, earlier: true };
    }),
  );
}
