import type { ReportPeriod, ReportScope } from './build-stats.js';

/**
 * What a compliance report states (`imagefactory report --compliance`): the audit chain's verification per
 * tenant, the policies builds were admitted under per project with the mappings in force, every image
 * promoted and under which policy, every release of a quarantined image and by whom. Read by
 * builds/build-report.ts; rendered by templates/report/.
 */
export interface ChainCheck {
  tenantId: string;
  /** Every row's hash recomputed and linked. */
  chainVerified: boolean;
  rowsChecked: number;
  /** The first row that does not fit, in a sentence. */
  firstBroken?: string;
  /** Signed checkpoints read, and what is wrong with them (rows missing, a rewritten chain, a bad signature). */
  checkpoints: number;
  checkpointProblems: string[];
  /** Why checkpoints could not be checked (no public key), or that none was signed yet. */
  note?: string;
}

export interface ProjectPolicies {
  repository: string;
  /** The tenant configuration the builds were admitted under (`tenant.yml`, `the built-in defaults`). */
  tenantConfig: string[];
  scanPolicies: string[];
  promotionPolicies: string[];
  buildsAdmitted: number;
  /** The role mappings in force now: `tenant.yml` and the manifest's `roles:`, with the commit and who it was accepted from. */
  mappings: { file: string; commit: string; acceptedBy: string; acceptedAt: string }[];
}

export interface PromotedImage {
  repository: string;
  image: string;
  buildId: string;
  digest: string | null;
  at: string | null;
  /** Where it went, as the build's last transition says (`promoted to ...`, `published to ...`). */
  outcome: string | null;
  scanPolicy: string | null;
  promotionPolicies: string[];
  approvedBy: string[];
  /** Released from quarantine before it was published. */
  released: boolean;
}

export interface QuarantineOverride {
  repository: string;
  image: string;
  buildId: string;
  /** Why scan policy held it. */
  heldBecause: string;
  releasedBy: string;
  /** The roles the worker resolved for them when they released it. */
  roles: string[];
  at: string | null;
  reason: string | null;
}

export interface ComplianceFacts {
  period: ReportPeriod;
  scope: ReportScope;
  chains: ChainCheck[];
  policies: ProjectPolicies[];
  promoted: PromotedImage[];
  overrides: QuarantineOverride[];
}
