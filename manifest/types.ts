/**
 * The `.imagefactory.yml` manifest, version 1, after validation (manifest/imagefactory.schema.json is the
 * truth for what is accepted; these types are what the rest of the product reads).
 */
export type BuildMethod = 'dockerfile' | 'buildx' | 'kaniko' | 'paketo' | 'packer';
export const BUILD_METHODS: readonly BuildMethod[] = ['dockerfile', 'buildx', 'kaniko', 'paketo', 'packer'];

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

/** A `scan.ignore` entry: a bare id, or an id with an expiry date (ISO 8601) and a reason. */
export interface IgnoreEntry {
  id: string;
  until?: string;
  reason?: string;
}

export interface ScanConfig {
  /** Named policy (from tenant.yml; "default" is document 004's Default Scan Policy). */
  policy?: string;
  fail_on?: Severity[];
  ignore?: (string | IgnoreEntry)[];
  /** Planted or leaked secrets fail the scan unless this is true. */
  allow_secrets?: boolean;
  /** What to do when no vulnerability database is configured: quarantine (default) or warn. */
  on_missing_db?: 'quarantine' | 'warn';
}

export interface ApprovalConfig {
  /** Named promotion policy (tenant.yml) to start from; "production" is document 004's Production Promotion Policy. */
  policy?: string;
  required?: boolean;
  /** Subjects who may approve: `role:<role>`, GitHub logins, or `@org/team`. */
  approvers?: string[];
  min_approvals?: number;
  /** Separation of duties: at least one approval from each of these subjects (distinct people). */
  require_each?: string[];
  allow_self_approval?: boolean;
  /** Duration such as 30s, 15m, 72h, 7d. */
  timeout?: string;
}

export interface TriggersConfig {
  push?: { branches?: string[]; tags?: string[] } | boolean;
  pull_request?: boolean | { branches?: string[] };
  paths?: string[];
}

export interface ImageConfig {
  method: BuildMethod;
  context?: string;
  dockerfile?: string;
  build_args?: Record<string, string>;
  target?: string;
  platforms?: string[];
  tags?: string[];
  registry?: string;
  triggers?: TriggersConfig;
  scan?: ScanConfig;
  approval?: ApprovalConfig;
  promote?: { to: string; tags?: string[] };
}

/** What happens to a build that people may hear about (`notify.*.on`); `released` is an image let out of quarantine. */
export type NotifyEvent = 'queued' | 'succeeded' | 'failed' | 'quarantined' | 'released' | 'approval_requested' | 'approved' | 'rejected' | 'expired' | 'promoted' | 'cancelled';
export const NOTIFY_EVENTS: readonly NotifyEvent[] = ['queued', 'succeeded', 'failed', 'quarantined', 'released', 'approval_requested', 'approved', 'rejected', 'expired', 'promoted', 'cancelled'];
/**
 * Events nobody subscribes to: they go to every recipient of the project's channels (`notify.email.to`,
 * `notify.slack.channel`), whatever `on` lists. `vulnerability_found`: a re-scan of a promoted image found
 * a blocking vulnerability its earlier scans did not.
 */
export type AlwaysNotifiedEvent = 'vulnerability_found';
export const ALWAYS_NOTIFIED_EVENTS: readonly AlwaysNotifiedEvent[] = ['vulnerability_found'];
/** Every event a notification can be about. */
export type NotificationEvent = NotifyEvent | AlwaysNotifiedEvent;
/** The events `notify.slack.on` and `notify.email.on` default to. */
export const DEFAULT_NOTIFY_ON: readonly NotifyEvent[] = ['failed', 'quarantined', 'approval_requested'];

/** Where notifications go: the keys of `notify:`. */
export const NOTIFY_CHANNELS = ['email', 'slack'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export interface NotifyConfig {
  slack?: { channel: string; on?: NotifyEvent[] };
  email?: { to: string[]; on?: NotifyEvent[]; digest?: 'daily' | 'weekly' | 'none' };
}

/** Project role mappings: role (or alias) -> GitHub logins and `@org/team` slugs. */
export type RoleMappings = Record<string, string[]>;

export interface Manifest {
  version: 1;
  images: Record<string, ImageConfig>;
  notify?: NotifyConfig;
  roles?: RoleMappings;
}
