import { tryParseDuration } from '../manifest/parse-duration.js';
import type { ImageBuildInput } from './image-build-types.js';

export interface BuildTimeouts {
  /** Milliseconds a build may run. */
  build: number;
  /** Milliseconds between a running build's heartbeats before it counts as lost. */
  heartbeat: number;
  /** The approval timeout's override, as written (default: the image's approval rule). */
  approval?: string;
}

export const DEFAULT_TIMEOUTS: BuildTimeouts = { build: 3_600_000, heartbeat: 30_000 };

/**
 * A build's duration overrides, checked: a bad one is a sentence naming it, so the build fails with it
 * instead of its workflow task retrying forever. Pure (workflow code and planning call it).
 */
export function buildTimeouts(timeouts: ImageBuildInput['timeouts']): { ok: true; value: BuildTimeouts } | { ok: false; message: string } {
  const value: BuildTimeouts = { ...DEFAULT_TIMEOUTS };
  for (const key of ['build', 'heartbeat', 'approval'] as const) {
    const text = timeouts?.[key];
    if (text === undefined) continue;
    const ms = tryParseDuration(text);
    if (ms === undefined || ms === 0) return { ok: false, message: `timeouts.${key} ${JSON.stringify(text)} is not a duration longer than zero: write a number and a unit (ms, s, m, h, d), such as 30s or 1h` };
    if (key === 'approval') value.approval = text;
    else value[key] = ms;
  }
  return { ok: true, value };
}
