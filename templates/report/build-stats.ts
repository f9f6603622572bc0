/**
 * The numbers of a report or a digest (product document 001, the Viewer journey: Analytics, Team oversight),
 * over a period and a set of projects. Computed by db/build-stats.ts with SQL aggregates; rendered by
 * templates/report/ (table, CSV, JSON, PDF, charts) and by the digest email. Times are ISO 8601 (UTC),
 * durations in seconds, rates between 0 and 1; null where there is nothing to measure.
 */

/** What a report covers: [since, until), and the period of the same length just before it for the trend. */
export interface ReportPeriod {
  since: string;
  until: string;
  /** The length in whole days, rounded up (the per-day series has this many days, or one more). */
  days: number;
  /** How the reader asked for it (`30d`, `2024-05-01`), for titles. */
  label: string;
}

/** The projects a report reads, as the reader's rights allow (policies/report-scope.ts). */
export interface ReportScope {
  /** Every tenant whose projects are in scope. */
  tenants: string[];
  /** `owner/name` of each project in scope, sorted. */
  projects: string[];
  /** In words: `acme/api`, `3 projects of github:42`, `every project (5) of 2 tenants`. */
  label: string;
}

/** The totals of one period. */
export interface PeriodNumbers {
  /** Builds started in the period. */
  builds: number;
  /** Those that reached a final status (succeeded, failed, cancelled, rejected, expired). */
  finished: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  rejected: number;
  expired: number;
  /** Not finished yet (queued, building, scanning, waiting for a person, promoting). */
  inProgress: number;
  /** succeeded / finished. */
  successRate: number | null;
  /** Build time of the finished builds: from the request to the final status, less the time spent waiting for a person (quarantine, approval). */
  averageSeconds: number | null;
  p95Seconds: number | null;
}

/** This period against the one before. Differences, not ratios, except `buildsPercent`. */
export interface Trend {
  builds: number;
  /** Change of the build count in percent of the previous count (null when there were none). */
  buildsPercent: number | null;
  /** Change of the success rate, in points between 0 and 1. */
  successRate: number | null;
  averageSeconds: number | null;
  p95Seconds: number | null;
}

export interface DayNumbers {
  /** YYYY-MM-DD (UTC). */
  day: string;
  builds: number;
  succeeded: number;
  failed: number;
  /** Cancelled, rejected, expired, or not finished yet. */
  other: number;
}

export interface FailureReason {
  /** The first line of the build's error (at most 160 characters). */
  reason: string;
  /** The step that failed (build, scan, promote...), when recorded. */
  step: string | null;
  count: number;
}

/** Builds grouped by one key (a method, a member). */
export interface GroupNumbers {
  key: string;
  builds: number;
  succeeded: number;
  finished: number;
  successRate: number | null;
  averageSeconds: number | null;
  /** This group's builds over all builds of the period. */
  share: number;
}

export interface QuarantineNumbers {
  /** Builds of the period held by scan policy. */
  held: number;
  released: number;
  rejected: number;
  /** Still waiting for a decision. */
  waiting: number;
  /** From being held to being released. */
  averageSecondsToRelease: number | null;
  p95SecondsToRelease: number | null;
}

export interface ApprovalNumbers {
  /** Builds of the period that waited for approval. */
  requested: number;
  approved: number;
  rejected: number;
  expired: number;
  /** Still waiting. */
  waiting: number;
  /** From the approval request to the approval that let it through. */
  averageSecondsToApprove: number | null;
  p95SecondsToApprove: number | null;
}

export interface BuildStats {
  period: ReportPeriod;
  previousPeriod: { since: string; until: string };
  scope: ReportScope;
  current: PeriodNumbers;
  previous: PeriodNumbers;
  trend: Trend;
  /** Every day of the period, days without builds included. */
  perDay: DayNumbers[];
  /** The most common, at most five. */
  failureReasons: FailureReason[];
  byMethod: GroupNumbers[];
  byMember: GroupNumbers[];
  quarantines: QuarantineNumbers;
  approvals: ApprovalNumbers;
}

/** The period [since, until), labelled as the reader asked for it. Pure. */
export function reportPeriod(since: Date, until: Date, label: string): ReportPeriod {
  return { since: since.toISOString(), until: until.toISOString(), days: Math.max(1, Math.ceil((until.getTime() - since.getTime()) / 86_400_000)), label };
}
