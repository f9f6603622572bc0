import type { ResolvedTenantConfig } from './tenant-config-defaults.js';
import type { ImageConfig, Severity } from './types.js';
import { applyTenantFloor } from '../policies/tenant-floor.js';
import { repositoryProblem } from './check-registry.js';
import { releaseRepository } from './release-repository.js';
import type { SemanticCheck } from './validate-yaml.js';
import { eachImage, isEntry, type Entry } from './walk.js';

/** The tenant configuration in force and what a release repository defaults to, for the floor check. */
export interface FloorContext {
  tenant: ResolvedTenantConfig;
  /** The configured registry (REGISTRY): images without `registry:` go to `<registry>/<repository>/<image>`. */
  defaultRegistry: string;
  /** The project's repository (`owner/name`, or the local folder's name). */
  repository: string;
}

const strings = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
const pick = <T>(v: unknown, type: 'string' | 'boolean' | 'number') => (typeof v === type ? (v as T) : undefined);

/** The parts of an image entry the floor reads, with wrongly typed values left out (the schema names those). */
function floorView(image: Entry): ImageConfig {
  const scan = isEntry(image.scan) ? image.scan : {};
  const approval = isEntry(image.approval) ? image.approval : {};
  const promote = isEntry(image.promote) && typeof image.promote.to === 'string' ? { to: image.promote.to } : undefined;
  return {
    method: 'dockerfile',
    registry: pick<string>(image.registry, 'string'),
    promote,
    scan: {
      policy: pick<string>(scan.policy, 'string'),
      fail_on: strings(scan.fail_on) as Severity[] | undefined,
      ignore: Array.isArray(scan.ignore) ? scan.ignore.filter((e) => typeof e === 'string' || (isEntry(e) && typeof e.id === 'string')) as string[] : undefined,
      allow_secrets: pick<boolean>(scan.allow_secrets, 'boolean'),
      on_missing_db: scan.on_missing_db === 'warn' || scan.on_missing_db === 'quarantine' ? scan.on_missing_db : undefined,
    },
    approval: {
      policy: pick<string>(approval.policy, 'string'),
      required: pick<boolean>(approval.required, 'boolean'),
      approvers: strings(approval.approvers),
      require_each: strings(approval.require_each),
      min_approvals: pick<number>(approval.min_approvals, 'number'),
      allow_self_approval: pick<boolean>(approval.allow_self_approval, 'boolean'),
      timeout: pick<string>(approval.timeout, 'string'),
    },
  };
}

/**
 * The tenant's floor (tenant.yml in force, or IMAGEFACTORY_TENANT_CONFIG locally): every setting of an image
 * that would loosen a tenant policy, use a registry the tenant does not allow, or push straight to a
 * promotion target is a problem at its line, naming the tenant rule. The same function refuses the build
 * at run time (policies/tenant-floor.ts).
 */
export function checkTenantFloor(floor: FloorContext): SemanticCheck {
  return function checkAgainstTenantFloor(manifest, ctx) {
    for (const [name, image] of eachImage(manifest)) {
      const view = floorView(image);
      // A repository name that is not one is reported by checkRegistry; where it may go means nothing yet.
      const malformed = (path: (string | number)[]) => {
        const ref = path.join('.') === 'registry' ? view.registry : path.join('.') === 'promote.to' ? view.promote?.to : undefined;
        return ref !== undefined && repositoryProblem(ref) !== undefined;
      };
      const release = releaseRepository(view.registry, floor.defaultRegistry, floor.repository, name);
      for (const v of applyTenantFloor(view, release, floor.tenant).violations.filter((x) => !malformed(x.path))) {
        ctx.report(['images', name, ...v.path], v.message, v.path.length === 0 ? { where: 'key' } : undefined);
      }
    }
  };
}
