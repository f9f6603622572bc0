import type { ImageConfig, NotifyConfig } from '../manifest/types.js';
import type { ActorRef } from '../policies/actor.js';
import type { ApprovalRecord } from '../policies/approval-policy.js';
import type { ScanFindings, ScanVerdict } from '../policies/scan-policy.js';

/** A build's life (DESIGN.md): the statuses of the workflow, the `builds` table and the audit trail. */
export const BUILD_STATUSES = [
  'queued',
  'building',
  'scanning',
  'quarantined',
  'awaiting_approval',
  'promoting',
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
  'expired',
] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

export const FINAL_STATUSES: readonly BuildStatus[] = ['succeeded', 'failed', 'cancelled', 'rejected', 'expired'];

/**
 * Where the build context comes from: a folder on the worker's machine (`imagefactory run`), or a commit of a
 * GitHub repository, which the worker fetches at that exact sha through the API with the installation's token.
 */
export type BuildSource =
  | { kind: 'local'; path: string }
  | { kind: 'github'; owner: string; repo: string; sha: string; installationId: number; pullRequest?: number };

/** A commit on GitHub that a build reports on (its check run), through an installation of the App. */
export interface GitHubCommitTarget {
  owner: string;
  repo: string;
  sha: string;
  installationId: number;
}

export interface ImageBuildInput {
  buildId: string;
  tenantId: string;
  /** Repository full name (owner/name), or the local folder's name. */
  repository: string;
  /** The source's URL (the OCI source label): https://github.com/owner/name, a git remote, or file://. */
  sourceUrl: string;
  image: string;
  /** Short, unique, tag-safe key for this image at this commit (the candidate's tag). */
  buildKey: string;
  /** The image as the manifest writes it; the worker applies the tenant's floor before building. */
  config: ImageConfig;
  /** The manifest's `notify:`; the worker merges it with tenant.yml's defaults when it admits the build. */
  notify?: NotifyConfig;
  /** The release repository (host/path): the manifest's registry or the configured default. */
  registry: string;
  commit: { sha: string; ref: string; branch?: string; tag?: string; dirty?: boolean };
  source: BuildSource;
  /** Who asked for the build (the author for "own only" rules and self-approval); the worker resolves their roles. */
  requestedBy: ActorRef;
  /** How the build was started: push, pull_request, comment, cli. */
  trigger: string;
  /**
   * This run builds again what ran before under the same build id (`/retry`): the worker admits it as Retry
   * Build, judged against who started the earlier run as its database says. Default: Create Build.
   */
  retry?: boolean;
  /** Time the request was made (ISO); feeds `{{date}}` and the OCI created label. */
  requestedAt: string;
  /** Overrides for durations, mostly for tests. */
  timeouts?: { approval?: string; build?: string; heartbeat?: string };
  /**
   * Where the build reports, when not where its source comes from: the GitHub commit its check run is written
   * on. Default: the source's commit for a GitHub source; nowhere for a local folder.
   */
  report?: { checkRun?: GitHubCommitTarget };
}

export interface BuildState {
  buildId: string;
  image: string;
  status: BuildStatus;
  /** Human words for what is happening now. */
  step: string;
  author: string;
  startedAt: string;
  updatedAt: string;
  digest?: string;
  /** Where the candidate image waits while it is scanned (not a release location). */
  candidate?: string;
  /** Where a quarantined image is held. */
  quarantinedAt?: string;
  repository?: string;
  tags: string[];
  promotedTo?: string;
  findings?: { vulnerabilities: number; secrets: number; blocking: number; dbStatus: ScanFindings['dbStatus'] };
  verdict?: ScanVerdict;
  /** The tenant policies the build runs under (scan policy, promotion policies), once admitted. */
  policies?: { scan: string; promotion: string[] };
  approvals: ApprovalRecord[];
  approvalsNeeded?: number;
  /** `require_each` subjects still without an approval. */
  approvalsMissing?: string[];
  /** Who released or rejected it from quarantine. */
  quarantineDecision?: { verdict: 'released' | 'rejected'; by: string; reason?: string };
  /** Who rejected it at the promotion gate. */
  rejectedBy?: { login: string; reason?: string };
  /** Who cancelled it. */
  cancelledBy?: string;
  /** An image copy under way (publishing or promoting), which cancel waits for. */
  copying?: string;
  error?: string;
}

/** What a person asks of a running build through an update: who they are, the channel, and why. */
export interface DecisionRequest extends ActorRef {
  reason?: string;
}

/** An update's answer: accepted, or an expected refusal with the reason and the rule behind it. */
export type DecisionResult =
  | { ok: true; status: BuildStatus; message: string }
  | { ok: false; status: BuildStatus; reason: string; source: string };
