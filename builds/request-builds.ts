import type { Database } from '../db/database.js';
import { readStanding } from '../db/tenant-lifecycle.js';
import { releaseRepository } from '../manifest/release-repository.js';
import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import { resolutionRecord, type ActorRef, type ResolvedActor } from '../policies/actor.js';
import { admitImage } from '../policies/admit-image.js';
import type { ActorResolver, BuildScope } from '../roles/actor-resolver.js';
import { planBuilds, unknownImages, type BuildPlan, type PlanRequest } from './plan-builds.js';
import { recordRefusal } from './record-refusal.js';

export interface BuildRequest extends Omit<PlanRequest, 'tenantId' | 'repository' | 'requestedBy' | 'images'> {
  scope: BuildScope;
  requester: ActorRef;
  /** The images asked for (all of the manifest's when empty). */
  images: string[];
  /** For a retry: who started each image's earlier build (Retry Build is "own only" for most roles), asked here first; the worker reads it again itself. */
  authors?: Record<string, string>;
  /** The tenant configuration in force, when the caller has read it already (the manifest was checked against it): not read again. */
  tenant?: ResolvedTenantConfig;
}

export interface RefusedImage {
  image: string;
  reason: string;
  source: string;
}

export type BuildRequestOutcome =
  | { ok: true; plan: BuildPlan; requester: ResolvedActor }
  | { ok: false; requester: ResolvedActor; unknown: string[]; refused: RefusedImage[] };

/**
 * Someone asks for builds (the CLI's `run`, a PR comment, a push): resolve who they are from the mappings in
 * force, admit each image (the tenant's floor, then their permission for its method), audit every refusal
 * with what was resolved, and plan the pipeline when all may run. The worker admits each build again
 * before it builds; asking first means nothing starts that would be refused.
 */
export async function requestBuilds(deps: { db: Database; resolver: ActorResolver }, req: BuildRequest): Promise<BuildRequestOutcome> {
  const { scope } = req;
  const [tenant, requester, standing] = await Promise.all([req.tenant ?? deps.resolver.tenantConfig(scope), deps.resolver.resolve(scope, req.requester), readStanding(deps.db, scope.tenantId, scope.repository)]);
  const names = req.images.length > 0 ? req.images : Object.keys(req.manifest.images);
  const unknown = unknownImages(req.manifest, names);
  const refused: RefusedImage[] = [];
  for (const image of names.filter((n) => !unknown.includes(n))) {
    const config = req.manifest.images[image];
    const release = releaseRepository(config.registry, req.defaultRegistry, scope.repository, image);
    const admission = admitImage({ image: config, release, tenant, tenantId: scope.tenantId, requester, now: req.requestedAt, standing, repository: scope.repository, action: req.action, author: req.authors?.[image] });
    if (!admission.ok) refused.push({ image, reason: admission.reason, source: admission.source });
  }
  for (const r of refused) {
    await recordRefusal(deps.db, { tenantId: scope.tenantId, actor: requester.login, action: 'build.requested', project: scope.repository, reason: r.reason, source: r.source, data: { image: r.image, trigger: req.trigger, action: req.action ?? 'create-build', ...(req.action === 'retry-build' ? { author: req.authors?.[r.image] } : {}), ...resolutionRecord(requester) } });
  }
  if (unknown.length > 0 || refused.length > 0) return { ok: false, requester, unknown, refused };
  const plan = planBuilds({ ...req, tenantId: scope.tenantId, repository: scope.repository, requestedBy: req.requester, images: names });
  return { ok: true, plan, requester };
}
