import type { BuildSource } from '../workflows/image-build-types.js';

/** A build's source on this worker's disk, for as long as the build needs it. */
export interface CheckedOutSource {
  /** The repository's root folder. */
  dir: string;
  /** A line for the build log saying what was fetched (nothing for a local folder). */
  summary?: string;
  /** Removes what was fetched for the build (nothing for a local folder). */
  release(): Promise<void>;
}

/** Brings a build's source onto this worker: a local folder as it is; a GitHub commit fetched at its sha. */
export interface SourceCheckouts {
  /** `attempt` is the activity's attempt: each attempt gets a folder of its own. */
  checkout(source: BuildSource, buildId: string, signal: AbortSignal, attempt?: number): Promise<CheckedOutSource>;
}

/** The source cannot be had, and asking again will not change that (no such commit, installation gone, too big, a tarball that writes outside its folder). */
export class SourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}

/** The checkouts of a worker that builds local folders only (no GitHub App configured). */
export const LOCAL_CHECKOUTS: SourceCheckouts = {
  async checkout(source) {
    if (source.kind !== 'local') throw new Error(`this worker cannot fetch ${source.owner}/${source.repo}@${source.sha}: it has no GitHub App configured (APP_ID, PRIVATE_KEY)`);
    return { dir: source.path, release: async () => {} };
  },
};
