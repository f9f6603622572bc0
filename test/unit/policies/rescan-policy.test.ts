import { describe, expect, it } from '@jest/globals';
import { formatProblem } from '../../../manifest/problem.js';
import { rescanInterval } from '../../../manifest/rescan-interval.js';
import { parseTenantConfig } from '../../../manifest/tenant-config.js';
import { withTenantDefaults } from '../../../manifest/tenant-config-defaults.js';
import { deliveriesFor } from '../../../policies/notification-audiences.js';
import { judgeRescan, rescanRule } from '../../../policies/rescan-policy.js';
import type { ScanFindings } from '../../../policies/scan-policy.js';

const DAY = 86_400_000;
const findings = (...vulns: [string, 'CRITICAL' | 'HIGH' | 'LOW'][]): ScanFindings => ({
  dbStatus: 'present',
  vulnerabilities: vulns.map(([id, severity]) => ({ id, pkg: 'musl', severity })),
  secrets: [],
});

describe('re-scans of promoted images: the rule, what is new, how often', () => {
  const tenant = withTenantDefaults({ version: 1, policies: { scan: { default: { fail_on: ['CRITICAL', 'HIGH'] } } } });

  it('judges an image by its own scan settings under the tenant floor in force now; a policy gone since falls back to default', () => {
    const rule = rescanRule({ scan: { fail_on: ['CRITICAL'], ignore: [{ id: 'CVE-1', until: '2030-01-01' }] } }, tenant);
    expect(rule).toMatchObject({ policy: 'default', fail_on: ['CRITICAL', 'HIGH'], ignore: [{ id: 'CVE-1', until: '2030-01-01' }] });
    expect(rescanRule({ policy: 'gone' }, tenant)).toMatchObject({ policy: 'default', fail_on: ['CRITICAL', 'HIGH'] });
    expect(rescanRule({}, withTenantDefaults(undefined)).fail_on).toEqual(['CRITICAL']);
  });

  it('tells only what blocks now and did not block before: a new advisory, an ignore entry expired', () => {
    const rule = rescanRule({ scan: { ignore: [{ id: 'CVE-OLD', until: '2030-01-01' }] } }, tenant);
    const before = new Date('2029-06-01T00:00:00Z');
    const after = new Date('2030-06-01T00:00:00Z');
    const found = findings(['CVE-OLD', 'CRITICAL'], ['CVE-KNOWN', 'HIGH'], ['CVE-NEW', 'CRITICAL'], ['CVE-LOW', 'LOW']);
    expect(judgeRescan(found, rule, before, ['CVE-KNOWN'])).toMatchObject({ blocking: ['CVE-KNOWN', 'CVE-NEW'], newlyBlocking: [{ id: 'CVE-NEW', pkg: 'musl', severity: 'CRITICAL' }] });
    expect(judgeRescan(found, rule, after, ['CVE-KNOWN', 'CVE-NEW']).newlyBlocking.map((b) => b.id)).toEqual(['CVE-OLD']);
    expect(judgeRescan(found, rule, after, ['CVE-KNOWN', 'CVE-NEW', 'CVE-OLD']).newlyBlocking).toEqual([]);
  });

  it("runs every tenant.yml rescan.every, else the deployment's interval; never turns it off", () => {
    expect(rescanInterval(undefined, DAY)).toBe(DAY);
    expect(rescanInterval({ every: '12h' }, DAY)).toBe(DAY / 2);
    expect(rescanInterval({ every: 'never' }, DAY)).toBeUndefined();
    expect(rescanInterval(undefined, undefined)).toBeUndefined();
    expect(parseTenantConfig('version: 1\nrescan: { every: 7d }\n')).toEqual({ ok: true, value: { version: 1, rescan: { every: '7d' } } });
    const refused = (every: string) => {
      const r = parseTenantConfig(`version: 1\nrescan:\n  every: ${every}\n`);
      return r.ok ? [] : r.problems.map(formatProblem);
    };
    expect(refused('10m')).toEqual(['tenant.yml:3:10: re-scans run at most once an hour: "10m" is shorter than 1h (at rescan.every)']);
    expect(refused('daily')).toEqual([expect.stringContaining('every is a duration such as 24h or 7d, or never (at rescan.every)')]);
  });

  it('tells a vulnerability found to every recipient of the project, whatever on: lists', () => {
    const audiences = { email: { to: ['team@acme.test'], on: ['failed' as const] }, slack: { channel: '#builds', on: ['quarantined' as const] } };
    expect(deliveriesFor(audiences, 'vulnerability_found')).toEqual([{ channel: 'email', recipient: 'team@acme.test' }, { channel: 'slack', recipient: '#builds' }]);
    expect(deliveriesFor(audiences, 'promoted')).toEqual([]);
  });
});
