import path from 'node:path';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Database } from '../db/database.js';
import type { BuildConfig } from '../policies/build-rules.js';
import type { BuildSource } from '../workflows/image-build-types.js';
import { BuildCancelledError, BuildFailedError } from './builders/builder.js';
import { BuildMethodUnavailableError, type BuilderRegistry } from './builders/builder-registry.js';
import { killBuildCgroup } from './engine/build-cgroup.js';
import { openBuildLogSink } from './build-log-store.js';
import { SourceUnavailableError, type CheckedOutSource, type SourceCheckouts } from './source-checkout.js';

export interface BuildImageInput {
  buildId: string;
  tenantId: string;
  source: BuildSource;
  /** The settings the build runs with (the admitted ones). */
  config: BuildConfig;
  labels: Record<string, string>;
  /** Local tag for the built image. */
  localRef: string;
}

export interface BuildImageResult {
  imageId: string;
  imageRef: string;
  durationMs: number;
  logLines: number;
}

/**
 * The build activity: runs the image's builder on this worker, streams its log into build_logs, heartbeats
 * while it runs, and stops the builder's processes when Temporal cancels the activity. A build that ran and
 * failed is not retried (BuildFailed); a lost worker's attempt is retried on another one, which first kills
 * whatever the lost attempt left running.
 */
export function buildImageActivity(deps: { db: Database; builders: BuilderRegistry; sources: SourceCheckouts }) {
  return async function buildImage(input: BuildImageInput): Promise<BuildImageResult> {
    const ctx = Context.current();
    const { attempt } = ctx.info;
    const log = await openBuildLogSink(deps.db, input.tenantId, input.buildId);
    // Beat well inside the heartbeat timeout even while a step prints nothing (a long RUN).
    const beat = setInterval(() => ctx.heartbeat(), Math.max(200, Math.min(5000, (ctx.info.heartbeatTimeoutMs ?? 30_000) / 3)));
    let checkedOut: CheckedOutSource | undefined;
    try {
      if (attempt > 1) {
        const leftover = await killBuildCgroup(input.buildId);
        log.write(`attempt ${attempt}${leftover.killed.length ? `: stopped ${leftover.killed.length} process(es) left by the previous attempt` : ''}`, 'system');
      }
      let builder;
      try {
        builder = deps.builders.get(input.config.method);
      } catch (err) {
        if (err instanceof BuildMethodUnavailableError) throw ApplicationFailure.nonRetryable(err.message, 'MethodUnavailable');
        throw err;
      }
      const source = await deps.sources.checkout(input.source, input.buildId, ctx.cancellationSignal, attempt);
      checkedOut = source;
      if (source.summary) log.write(source.summary, 'system');
      const result = await builder.build({
        buildId: input.buildId,
        repoDir: source.dir,
        context: input.config.context ?? '.',
        dockerfile: input.config.dockerfile ?? 'Dockerfile',
        buildArgs: input.config.build_args ?? {},
        target: input.config.target,
        platforms: input.config.platforms,
        labels: input.labels,
        imageRef: input.localRef,
        onLog: (line, stream) => log.write(line, stream),
        heartbeat: () => ctx.heartbeat(),
        signal: ctx.cancellationSignal,
      });
      log.write(`built ${result.imageRef} (${result.imageId.slice(0, 19)}) in ${(result.durationMs / 1000).toFixed(1)}s from ${path.join(source.dir, input.config.context ?? '.')}`, 'system');
      return { imageId: result.imageId, imageRef: result.imageRef, durationMs: result.durationMs, logLines: result.logLines };
    } catch (err) {
      if (err instanceof SourceUnavailableError) {
        log.write(err.message, 'system');
        throw ApplicationFailure.nonRetryable(err.message, 'SourceUnavailable');
      }
      if (err instanceof BuildFailedError) {
        log.write(err.message, 'system');
        throw ApplicationFailure.nonRetryable(err.message, 'BuildFailed', { logTail: err.logTail });
      }
      if (err instanceof BuildCancelledError) {
        log.write(`cancelled${err.killedPids.length ? `: stopped ${err.killedPids.length} build process(es)` : ''}`, 'system');
        throw new CancelledFailure(err.message, [{ killed: err.killedPids }]);
      }
      throw err;
    } finally {
      clearInterval(beat);
      await checkedOut?.release();
      await log.close();
    }
  };
}
