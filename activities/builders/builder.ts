import { type BuildMethod } from '../../manifest/types.js';

export type LogStream = 'stdout' | 'stderr' | 'system';

/** Where a build's image comes from, written as OCI labels (org.opencontainers.image.*). */
export interface OciSource {
  /** Source repository URL, e.g. https://github.com/acme/payments. */
  source: string;
  /** Commit SHA. */
  revision: string;
  /** RFC 3339 time given by the caller (e.g. the commit time), never invented by a builder. */
  created: string;
}

export interface BuildRequest {
  /** Unique per build (the workflow id is a good one): names the build's cgroup and its log. */
  buildId: string;
  /** Checked-out repository on this worker. Nothing outside it is ever sent to the engine. */
  repoDir: string;
  /** Build context, relative to repoDir ("." for the root). */
  context: string;
  /** Dockerfile path relative to the context (may point elsewhere in the repository). */
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string;
  /** e.g. ["linux/amd64"]; only the buildx method honours it. */
  platforms?: string[];
  /** Extra image labels; the OCI labels from `oci` are added on top. */
  labels: Record<string, string>;
  oci?: OciSource;
  /** Local tag the built image gets, e.g. 127.0.0.1:5000/acme/api:build-123. */
  imageRef: string;
  /** Called once per log line (without its newline). */
  onLog(line: string, stream: LogStream): void;
  /** Called while the build runs, also when it prints nothing (a long RUN step). */
  heartbeat(): void;
  /** Aborting cancels the build and stops its processes. */
  signal: AbortSignal;
}

export interface BuildResult {
  /** Local image id (sha256:...). */
  imageId: string;
  imageRef: string;
  logLines: number;
  durationMs: number;
}

export interface Builder {
  readonly method: BuildMethod;
  build(req: BuildRequest): Promise<BuildResult>;
}

/** The build ran and failed (a RUN step exited non-zero, a bad Dockerfile...): retrying will not help. */
export class BuildFailedError extends Error {
  constructor(
    message: string,
    readonly buildId: string,
    /** The last lines of the build log, for a failure summary. */
    readonly logTail: string[],
  ) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

/** The build was cancelled through its AbortSignal; its processes were stopped. */
export class BuildCancelledError extends Error {
  constructor(
    readonly buildId: string,
    /** Processes killed in the build's cgroup (empty on a remote engine, where closing the connection cancels). */
    readonly killedPids: number[],
  ) {
    super(`build ${buildId} was cancelled`);
    this.name = 'BuildCancelledError';
  }
}

/** The OCI labels for a build's source, merged over the request's own labels. */
export function buildLabels(req: Pick<BuildRequest, 'labels' | 'oci'>): Record<string, string> {
  if (!req.oci) return { ...req.labels };
  return {
    ...req.labels,
    'org.opencontainers.image.source': req.oci.source,
    'org.opencontainers.image.revision': req.oci.revision,
    'org.opencontainers.image.created': req.oci.created,
  };
}
