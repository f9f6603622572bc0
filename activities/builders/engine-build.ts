import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { buildRunCgroup, killBuildCgroup, startCgroupReaper } from '../engine/build-cgroup.js';
import { type EngineInfo } from '../engine/docker-client.js';
import { readJsonProgress, type ProgressEvent } from '../engine/json-progress.js';
import { BuildCancelledError, BuildFailedError, buildLabels, type BuildRequest, type BuildResult, type LogStream } from './builder.js';
import { BuildkitTraceDecoder } from './buildkit-trace.js';
import { buildRefusal } from './build-refusal.js';
import { BuildContextError, tarBuildContext } from './context-tar.js';
import { labelledDockerfile } from './labelled-dockerfile.js';
import { LineSplitter } from './line-splitter.js';

export { failureMessage } from './build-refusal.js';

export interface EngineBuildOptions {
  docker: Docker;
  engine: EngineInfo;
  /** Heartbeat period while the engine prints nothing (default 5 s). */
  heartbeatIntervalMs?: number;
  /** How long after a cancel new processes in the build's cgroup are still killed (default 10 s). */
  cancelGraceMs?: number;
  /** cgroup filesystem root (default /sys/fs/cgroup). */
  cgroupRoot?: string;
}

/** Build parameters a builder adds to POST /build (platform, BuildKit version...). */
export type ExtraBuildParams = Record<string, string | undefined>;

const TAIL = 30;

/** Whether the engine's RUN processes can be put in a cgroup of ours and killed from here. */
export function usesBuildCgroup(engine: EngineInfo): boolean {
  return engine.local && engine.kind === 'podman' && engine.cgroupDriver !== 'systemd';
}

/**
 * Runs one build through the Docker Engine API (POST /build): streams the log line by line, heartbeats,
 * and on cancel aborts the request and kills the build's processes (Podman keeps building after the client
 * goes away; Docker cancels when the connection closes).
 */
export async function runEngineBuild(req: BuildRequest, opts: EngineBuildOptions, extra: ExtraBuildParams = {}): Promise<BuildResult> {
  const started = Date.now();
  if (req.signal.aborted) throw new BuildCancelledError(req.buildId, []);
  const tail: string[] = [];
  let logLines = 0;
  const log = (line: string, stream: LogStream) => {
    logLines++;
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    req.onLog(line, stream);
  };
  const stdout = new LineSplitter((l) => log(l, 'stdout'));
  const trace = new BuildkitTraceDecoder();
  let lastBeat = 0;
  const beat = (force = false) => {
    const now = Date.now();
    if (!force && now - lastBeat < 1000) return;
    lastBeat = now;
    req.heartbeat();
  };

  let ctx;
  try {
    // The labels go into the Dockerfile in a fixed order: the engine's label parameter orders them at random.
    ctx = await tarBuildContext({ ...req, rewrite: (text) => labelledDockerfile(text, buildLabels(req), req.target) });
  } catch (err) {
    // A context that cannot be sent is the same on every attempt.
    if (err instanceof BuildContextError) throw new BuildFailedError(`build of ${req.imageRef} failed: ${err.message}`, req.buildId, []);
    throw err;
  }
  if (req.signal.aborted) {
    (ctx.tar as unknown as { destroy(): void }).destroy();
    throw new BuildCancelledError(req.buildId, []);
  }
  const args = Object.keys(req.buildArgs);
  log(`building ${req.imageRef} on ${opts.engine.kind} ${opts.engine.version}: ${ctx.entries.length} context entries, dockerfile ${ctx.dockerfile}${args.length ? `, build args ${args.join(', ')}` : ''}${req.target ? `, target ${req.target}` : ''}`, 'system');
  for (const l of ctx.escapingLinks) log(`note: symbolic link ${l.path} -> ${l.target} leads outside the build context`, 'system');

  const cgroup = usesBuildCgroup(opts.engine);
  const abort = new AbortController();
  const params: Record<string, unknown> = {
    t: req.imageRef,
    dockerfile: ctx.dockerfile,
    buildargs: req.buildArgs,
    rm: true,
    forcerm: true,
    ...(req.target ? { target: req.target } : {}),
    ...(cgroup ? { cgroupparent: buildRunCgroup(req.buildId, randomBytes(4).toString('hex')) } : {}),
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
    abortSignal: abort.signal,
  };

  const onEvent = (event: ProgressEvent) => {
    beat();
    if (typeof event.stream === 'string') stdout.push(event.stream);
    else if (event.id === 'moby.buildkit.trace' && typeof event.aux === 'string') {
      for (const t of trace.decode(event.aux)) log(t.line, t.stream);
    } else if (typeof event.status === 'string' && event.status !== '') {
      log(event.id ? `${event.id}: ${event.status}` : event.status, 'system');
    }
  };

  let cancel: (() => void) | undefined;
  const cancelled = new Promise<never>((_, reject) => {
    cancel = () => {
      abort.abort();
      void (async () => {
        let killed: number[] = [];
        if (cgroup) {
          killed = (await killBuildCgroup(req.buildId, opts.cgroupRoot)).killed;
          // Keep the cgroup empty a while: a step that was starting is killed too (runs in the background).
          startCgroupReaper(req.buildId, { graceMs: opts.cancelGraceMs ?? 10_000, root: opts.cgroupRoot });
        }
        log(`build cancelled${killed.length ? `: killed ${killed.length} build process(es)` : ''}`, 'system');
        reject(new BuildCancelledError(req.buildId, killed));
      })();
    };
  });
  cancelled.catch(() => {});
  req.signal.addEventListener('abort', cancel!, { once: true });
  const timer = setInterval(() => beat(true), opts.heartbeatIntervalMs ?? 5000);
  try {
    const run = (async () => {
      const stream = (await opts.docker.buildImage(ctx.tar, params as Docker.ImageBuildOptions)) as NodeJS.ReadableStream;
      await readJsonProgress(stream, onEvent);
    })();
    run.catch(() => {});
    try {
      await Promise.race([run, cancelled]);
    } catch (err) {
      if (req.signal.aborted) await cancelled;
      stdout.flush();
      throw buildRefusal(err, { buildId: req.buildId, imageRef: req.imageRef, engine: opts.engine, tail, context: ctx, log: (l) => log(l, 'system') });
    }
    stdout.flush();
    for (const t of trace.flush()) log(t.line, t.stream);
    if (req.signal.aborted) await cancelled;
    const image = await opts.docker.getImage(req.imageRef).inspect();
    return { imageId: image.Id, imageRef: req.imageRef, logLines, durationMs: Date.now() - started };
  } finally {
    clearInterval(timer);
    req.signal.removeEventListener('abort', cancel!);
  }
}
