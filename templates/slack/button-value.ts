import type { DecisionKind } from '../../workflows/image-build-handlers.js';

/** The decisions a Slack prompt offers as buttons. */
export type SlackDecision = Extract<DecisionKind, 'approve' | 'reject' | 'release'>;

/** The buttons' action ids: what Slack sends back in a block_actions payload, one listener each. */
export const SLACK_ACTION_IDS: Readonly<Record<SlackDecision, string>> = {
  approve: 'imagefactory_approve',
  reject: 'imagefactory_reject',
  release: 'imagefactory_release',
};

/** What a button carries: the build it decides on and the build's tenant. */
export interface ButtonTarget {
  buildId: string;
  tenantId: string;
}

/** A button's `value` (Slack allows 2000 characters; a build id is far shorter). */
export function buttonValue(target: ButtonTarget): string {
  return JSON.stringify({ build: target.buildId, tenant: target.tenantId });
}

/**
 * The build a clicked button names, or undefined when the value is not one of ours: JSON with a build id
 * of the tenant it names (`<tenant>/<owner>/<name>/<image>@<commit>`).
 */
export function parseButtonValue(raw: unknown): ButtonTarget | undefined {
  if (typeof raw !== 'string' || raw.length > 2000) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const { build, tenant } = (v ?? {}) as { build?: unknown; tenant?: unknown };
  if (typeof build !== 'string' || typeof tenant !== 'string' || tenant === '' || !build.startsWith(`${tenant}/`)) return undefined;
  return { buildId: build, tenantId: tenant };
}

/** The repository (`owner/name`, or a local folder's name) and the image a build id names. */
export function buildIdParts(target: ButtonTarget): { repository: string; image: string } {
  const rest = target.buildId.slice(target.tenantId.length + 1).replace(/@[^@]*$/, '');
  const cut = rest.lastIndexOf('/');
  return { repository: rest.slice(0, Math.max(0, cut)), image: rest.slice(cut + 1) };
}
