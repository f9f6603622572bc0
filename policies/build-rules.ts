import type { ImageConfig, IgnoreEntry, Severity } from '../manifest/types.js';

/**
 * The settings a build runs with, once the tenant's floor has been applied to the manifest's image
 * (policies/tenant-floor.ts): every field filled in, nothing looser than tenant.yml. Workflows and
 * activities read these, never the manifest's `scan:` and `approval:` as written.
 */

/** Scan settings: the tenant's named scan policy with the manifest's tightenings. */
export interface ScanRule {
  /** The tenant's scan policy it starts from (`default` unless the manifest names another). */
  policy: string;
  fail_on: Severity[];
  ignore: (string | IgnoreEntry)[];
  allow_secrets: boolean;
  on_missing_db: 'quarantine' | 'warn';
}

/** The promotion gate: the tenant's promotion policies that apply to the image, with the manifest's tightenings. */
export interface ApprovalRule {
  required: boolean;
  /**
   * Subject lists, one per policy naming approvers and one for the manifest's: an approver must match a
   * subject of every list. None: whoever the permission matrix allows.
   */
  approvers: string[][];
  min_approvals: number;
  /** Separation of duties: one approval from each subject, by distinct people. */
  require_each: string[];
  allow_self_approval: boolean;
  /** A duration such as 72h. */
  timeout: string;
  /** The tenant promotion policies applied, by name. */
  policies: string[];
}

export type BuildConfig = Omit<ImageConfig, 'scan' | 'approval'> & { scan: ScanRule; approval: ApprovalRule };

export const DEFAULT_APPROVAL_TIMEOUT = '72h';
