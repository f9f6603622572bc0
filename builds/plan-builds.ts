import { createHash } from 'node:crypto';
import { releaseRepository } from '../manifest/release-repository.js';
import type { Manifest } from '../manifest/types.js';
import type { ActorRef } from '../policies/actor.js';
import type { BuildAction } from '../policies/authorize-build.js';
import { buildTimeouts } from '../workflows/build-timeouts.js';
import type { BuildSource, ImageBuildInput } from '../workflows/image-build-types.js';
import type { PipelineInput } from '../workflows/pipeline.js';

export interface PlanRequest {
  tenantId: string;
  repository: string;
  sourceUrl: string;
  manifest: Manifest;
  commit: ImageBuildInput['commit'] & { dirtyHash?: string };
  source: BuildSource;
  /** Who asks: their login and channel (the worker resolves their roles). */
  requestedBy: ActorRef;
  trigger: string;
  /** Create Build (default), or Retry Build of earlier builds at the same commit: each build's input says it is a retry. */
  action?: BuildAction;
  requestedAt: Date;
  defaultRegistry: string;
  /** Only these images (default: all of the manifest's). */
  images?: string[];
  timeouts?: ImageBuildInput['timeouts'];
}

export interface BuildPlan {
  pipelineId: string;
  input: PipelineInput;
}

/** A request that cannot be planned: an unknown image, a bad duration. Its message names what is wrong. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

const commitKey = (c: PlanRequest['commit']) => `${c.sha.slice(0, 12)}${c.dirty && c.dirtyHash ? `+${c.dirtyHash}` : ''}`;

/** The workflow id of one image at one commit: the same request always names the same build. */
export function buildIdFor(tenantId: string, repository: string, image: string, commit: PlanRequest['commit']): string {
  return `${tenantId}/${repository}/${image}@${commitKey(commit)}`;
}

/** A tag-safe short key for the build (the candidate's tag while it is scanned or held). */
export function buildKeyFor(image: string, commit: PlanRequest['commit']): string {
  return `${image}-${commitKey(commit)}`.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').slice(0, 128);
}

/**
 * The pipeline's workflow id: the commit, and for a request naming some images a short hash of their sorted
 * names, so the id stays short and deterministic however many images, and however long their names.
 */
export function pipelineIdFor(tenantId: string, repository: string, commit: PlanRequest['commit'], images?: readonly string[]): string {
  const filter = images && images.length > 0 ? `:${createHash('sha256').update([...new Set(images)].sort().join('\n')).digest('hex').slice(0, 12)}` : '';
  return `pipeline:${tenantId}/${repository}@${commitKey(commit)}${filter}`;
}

/** Unknown image names in a request, with the ones the manifest has. */
export function unknownImages(manifest: Manifest, images: string[]): string[] {
  return images.filter((i) => !(i in manifest.images));
}

/** Turns a manifest at a commit into the pipeline's input: one deterministic build per image. */
export function planBuilds(req: PlanRequest): BuildPlan {
  const names = req.images && req.images.length > 0 ? req.images : Object.keys(req.manifest.images);
  const missing = unknownImages(req.manifest, names);
  if (missing.length > 0) {
    throw new PlanError(`no image named ${missing.join(', ')} in the manifest (it has ${Object.keys(req.manifest.images).join(', ')})`);
  }
  const timeouts = buildTimeouts(req.timeouts);
  if (!timeouts.ok) throw new PlanError(timeouts.message);
  const builds: ImageBuildInput[] = names.map((image) => {
    const config = req.manifest.images[image];
    return {
      buildId: buildIdFor(req.tenantId, req.repository, image, req.commit),
      buildKey: buildKeyFor(image, req.commit),
      tenantId: req.tenantId,
      repository: req.repository,
      sourceUrl: req.sourceUrl,
      image,
      config,
      ...(req.manifest.notify ? { notify: req.manifest.notify } : {}),
      registry: releaseRepository(config.registry, req.defaultRegistry, req.repository, image),
      commit: { sha: req.commit.sha, ref: req.commit.ref, branch: req.commit.branch, tag: req.commit.tag, dirty: req.commit.dirty },
      source: req.source,
      requestedBy: { login: req.requestedBy.login, channel: req.requestedBy.channel, ...(req.requestedBy.via ? { via: req.requestedBy.via } : {}) },
      trigger: req.trigger,
      ...(req.action === 'retry-build' ? { retry: true } : {}),
      requestedAt: req.requestedAt.toISOString(),
      timeouts: req.timeouts,
    };
  });
  return { pipelineId: pipelineIdFor(req.tenantId, req.repository, req.commit, req.images), input: { builds } };
}
