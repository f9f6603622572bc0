import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { ImageConfig } from '../manifest/types.js';
import type { ResolvedActor } from './actor.js';
import { authorizeBuild, type BuildAction } from './authorize-build.js';
import type { BuildConfig } from './build-rules.js';
import { applyTenantFloor } from './tenant-floor.js';
import { standingRefusal, type Standing } from './tenant-standing.js';

export interface AdmissionRequest {
  /** The image as its manifest writes it. */
  image: ImageConfig;
  /** Its release repository (the manifest's registry, or the configured default). */
  release: string;
  tenant: ResolvedTenantConfig;
  tenantId: string;
  requester: Pick<ResolvedActor, 'login' | 'roles' | 'tenantId' | 'assigned'>;
  now: Date;
  /** Create Build (default) or Retry Build. */
  action?: BuildAction;
  /** Who started the build retried (Retry Build's "own only" rules); default: the requester. */
  author?: string;
  /** Where the tenant and the project stand with the App (undefined: the local tenant, always active). */
  standing?: Standing;
  /** The project's repository, for the sentences. */
  repository?: string;
}

export type Admission = { ok: true; config: BuildConfig } | { ok: false; reason: string; source: string };

/**
 * May this image be built, and with which settings? Not while the App is suspended or uninstalled on the
 * account, or the repository left it; then the tenant's floor (a manifest that loosens a
 * tenant policy or leaves the allowed registries is refused, whoever asks), then the requester's
 * permission for the method. The CLI and the bot ask before they start anything; the worker asks again
 * before it builds, with the mappings in force then. Pure.
 */
export function admitImage(req: AdmissionRequest): Admission {
  const standing = standingRefusal(req.standing, req.repository ?? 'the repository');
  if (standing) return { ok: false, ...standing };
  const floor = applyTenantFloor(req.image, req.release, req.tenant);
  if (floor.violations.length > 0) {
    return { ok: false, reason: floor.violations.map((v) => v.message).join('; '), source: `the tenant's floor (${req.tenant.label})` };
  }
  const allowed = authorizeBuild(req.requester, { tenantId: req.tenantId, method: req.image.method, author: req.author }, req.tenant, req.now, req.action);
  return allowed.ok ? { ok: true, config: floor.config } : allowed;
}
