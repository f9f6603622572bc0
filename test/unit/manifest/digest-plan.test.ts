import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';
import { digestInterval, digestPlan, digestWhen } from '../../../manifest/digest-plan.js';

/** The times an interval spec fires at: every `everyMs`, phased by `offsetMs` from the epoch. */
const firesAt = (spec: { everyMs: number; offsetMs: number }, at: Date) => (at.getTime() - spec.offsetMs) % spec.everyMs === 0;

describe('digests', () => {
  it('are asked for by notify.email.digest daily or weekly, to notify.email.to, each address once', () => {
    expect(digestPlan({ email: { to: [' team@acme.com', 'team@acme.com', 'lead@acme.com'], digest: 'weekly' } })).toEqual({ cadence: 'weekly', to: ['team@acme.com', 'lead@acme.com'] });
    expect(digestPlan({ email: { to: ['team@acme.com'], on: ['failed'], digest: 'daily' } })).toEqual({ cadence: 'daily', to: ['team@acme.com'] });
    for (const none of [undefined, {}, { email: { to: ['team@acme.com'] } }, { email: { to: ['team@acme.com'], digest: 'none' as const } }, { email: { to: [], digest: 'daily' as const } }]) {
      expect(digestPlan(none)).toBeUndefined();
    }
  });

  it('fire daily at 06:00 UTC and weekly on Mondays at 06:00 UTC, or every IMAGEFACTORY_DIGEST_INTERVAL', () => {
    const daily = digestInterval('daily');
    expect(firesAt(daily, new Date('2026-03-04T06:00:00Z'))).toBe(true);
    expect(firesAt(daily, new Date('2026-03-04T00:00:00Z'))).toBe(false);
    const weekly = digestInterval('weekly');
    expect(firesAt(weekly, new Date('2026-03-02T06:00:00Z'))).toBe(true); // a Monday
    expect(firesAt(weekly, new Date('2026-03-03T06:00:00Z'))).toBe(false);
    expect(firesAt(weekly, new Date('2026-03-05T00:00:00Z'))).toBe(false); // a Thursday, the epoch's weekday
    expect(digestInterval('weekly', 5000)).toEqual({ everyMs: 5000, offsetMs: 0 });
    expect([digestWhen('daily'), digestWhen('weekly'), digestWhen('weekly', 5000)]).toEqual(['every day at 06:00 UTC', 'every Monday at 06:00 UTC', 'every 5s (IMAGEFACTORY_DIGEST_INTERVAL)']);
  });

  it('IMAGEFACTORY_DIGEST_INTERVAL is a duration of at least a second, unset by default', () => {
    expect(loadConfig({}).digestIntervalMs).toBeUndefined();
    expect(loadConfig({ IMAGEFACTORY_DIGEST_INTERVAL: '30s' }).digestIntervalMs).toBe(30_000);
    expect(() => loadConfig({ IMAGEFACTORY_DIGEST_INTERVAL: '500ms' })).toThrow(/IMAGEFACTORY_DIGEST_INTERVAL="500ms" is not valid: expected a duration of at least 1s/);
    expect(() => loadConfig({ IMAGEFACTORY_DIGEST_INTERVAL: 'weekly' })).toThrow(/IMAGEFACTORY_DIGEST_INTERVAL="weekly" is not valid/);
  });
});
