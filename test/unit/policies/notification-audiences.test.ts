import { describe, expect, it } from '@jest/globals';
import { deliveriesFor, deliveryKey, notificationAudiences } from '../../../policies/notification-audiences.js';

describe('notificationAudiences: the manifest over the tenant defaults, field by field', () => {
  it('takes the manifest where it speaks and the tenant where it is silent', () => {
    expect(notificationAudiences({ email: { to: ['team@acme.com'] } }, { email: { to: ['sec@acme.com'], on: ['quarantined'] }, slack: { channel: '#security' } })).toEqual({
      email: { to: ['team@acme.com'], on: ['quarantined'] },
      slack: { channel: '#security', on: ['failed', 'quarantined', 'approval_requested'] },
    });
    expect(notificationAudiences({ email: { to: ['team@acme.com'], on: ['promoted'] } }, { email: { to: ['sec@acme.com'], on: ['quarantined'] } })).toEqual({ email: { to: ['team@acme.com'], on: ['promoted'] } });
    expect(notificationAudiences(undefined, { email: { to: ['sec@acme.com'] } })).toEqual({ email: { to: ['sec@acme.com'], on: ['failed', 'quarantined', 'approval_requested'] } });
  });

  it('is empty with nobody to tell', () => {
    expect(notificationAudiences(undefined, undefined)).toEqual({});
    expect(notificationAudiences({}, {})).toEqual({});
  });
});

describe('deliveriesFor', () => {
  const audiences = notificationAudiences({ email: { to: ['a@acme.com', 'b@acme.com'], on: ['failed', 'promoted'] }, slack: { channel: '#builds', on: ['approval_requested'] } }, undefined);

  it('lists each subscribed recipient, email first', () => {
    expect(deliveriesFor(audiences, 'failed')).toEqual([{ channel: 'email', recipient: 'a@acme.com' }, { channel: 'email', recipient: 'b@acme.com' }]);
    expect(deliveriesFor(audiences, 'approval_requested')).toEqual([{ channel: 'slack', recipient: '#builds' }]);
    expect(deliveriesFor(audiences, 'queued')).toEqual([]);
    expect(deliveriesFor(undefined, 'failed')).toEqual([]);
  });

  it('reaches the Slack channel for a decision that settles a prompt it was sent in the same run', () => {
    expect(deliveriesFor(audiences, 'approved')).toEqual([]);
    expect(deliveriesFor(audiences, 'approved', ['queued', 'approval_requested'])).toEqual([{ channel: 'slack', recipient: '#builds' }]);
    expect(deliveriesFor(audiences, 'released', ['quarantined'])).toEqual([]);
    expect(deliveriesFor(audiences, 'succeeded', ['approval_requested'])).toEqual([]);
  });

  it('keys each delivery by build, run, event, channel and recipient', () => {
    expect(deliveryKey({ buildId: 't/acme/api/web@3f2c1d', runId: 'r1', event: 'failed' }, { channel: 'email', recipient: 'a@acme.com' })).toBe('t/acme/api/web@3f2c1d/r1/failed/email/a@acme.com');
  });
});
