import { describe, expect, it } from '@jest/globals';
import { withTenantDefaults } from '../../../manifest/tenant-config-defaults.js';
import { admitImage } from '../../../policies/admit-image.js';

const tenant = withTenantDefaults(undefined, { registries: ['127.0.0.1:5000'] });
const developer = { login: 'dana', roles: ['developer' as const], tenantId: 't1', assigned: true };
const retry = (author?: string) =>
  admitImage({ image: { method: 'dockerfile' }, release: '127.0.0.1:5000/acme/api', tenant, tenantId: 't1', requester: developer, now: new Date(0), action: 'retry-build', ...(author ? { author } : {}) });

describe('admitImage for a retry', () => {
  it('lets a developer retry a build they started', () => {
    expect(retry('dana')).toMatchObject({ ok: true });
    expect(retry('DANA')).toMatchObject({ ok: true });
  });
  it("refuses a developer someone else's build, naming the roles that may", () => {
    const refused = retry('bob');
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.reason).toMatch(/^developer may retry a build only if they authored it .*; allowed for .*tenant-admin/);
  });
  it('treats the requester as the author when none is named (a build of their own)', () => {
    expect(retry()).toMatchObject({ ok: true });
  });
});
