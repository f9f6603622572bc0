import { describe, expect, it } from '@jest/globals';
import manifestSchema from '../../../manifest/imagefactory.schema.json' with { type: 'json' };
import { parseTenantConfig } from '../../../manifest/tenant-config.js';
import { DEFAULT_SCAN_POLICY, DEFAULT_TENANT_CONFIG, PRODUCTION_PROMOTION_POLICY, withTenantDefaults } from '../../../manifest/tenant-config-defaults.js';
import tenantSchema from '../../../manifest/tenant.schema.json' with { type: 'json' };
import { BUILD_METHODS } from '../../../manifest/types.js';
import { DEFAULT_FAIL_ON, evaluateScan } from '../../../policies/scan-policy.js';

const FULL = `# yaml-language-server: $schema=../manifest/tenant.schema.json
version: 1
x-leads: &leads ["@acme/leads", carol]
roles:
  admin: *leads
  security-reviewer: [sam]
  developer: ["@acme/everyone"]
build_methods: [dockerfile, buildx]
quotas: { concurrent_builds: 4, builds_per_day: 200 }
policies:
  scan:
    strict: { fail_on: [CRITICAL, HIGH], ignore: [{ id: CVE-2024-0001, until: 2026-06-30, reason: not reachable }] }
  promotion:
    production: { required: true, approvers: ["role:security-reviewer", "@acme/release"], min_approvals: 2, timeout: 7d }
`;

describe('a valid tenant.yml', () => {
  it('reads every field, anchors resolved, x- keys dropped', () => {
    const result = parseTenantConfig(FULL);
    expect(result).toEqual({
      ok: true,
      value: {
        version: 1,
        roles: { admin: ['@acme/leads', 'carol'], 'security-reviewer': ['sam'], developer: ['@acme/everyone'] },
        build_methods: ['dockerfile', 'buildx'],
        quotas: { concurrent_builds: 4, builds_per_day: 200 },
        policies: {
          scan: { strict: { fail_on: ['CRITICAL', 'HIGH'], ignore: [{ id: 'CVE-2024-0001', until: '2026-06-30', reason: 'not reachable' }] } },
          promotion: { production: { required: true, approvers: ['role:security-reviewer', '@acme/release'], min_approvals: 2, timeout: '7d' } },
        },
      },
    });
  });

  it('fills in the built-in defaults: a redefined policy replaces the built-in one, other names add to them', () => {
    const result = parseTenantConfig(FULL);
    if (!result.ok) throw new Error('expected valid');
    const resolved = withTenantDefaults(result.value);
    expect(resolved.policies.scan).toEqual({ default: DEFAULT_SCAN_POLICY, strict: result.value.policies!.scan!.strict });
    expect(resolved.policies.promotion.production.min_approvals).toBe(2);
    expect(resolved.build_methods).toEqual(['dockerfile', 'buildx']);
    expect(withTenantDefaults({ version: 1 })).toEqual({ ...DEFAULT_TENANT_CONFIG, label: 'tenant.yml' });
    expect(withTenantDefaults({ version: 1, registries: ['registry.acme.com/acme'] }, { registries: ['127.0.0.1:5000/acme'] }).registries).toEqual(['registry.acme.com/acme']);
    expect(withTenantDefaults(undefined, { registries: ['127.0.0.1:5000/acme'] }).registries).toEqual(['127.0.0.1:5000/acme']);
    expect(withTenantDefaults(undefined)).toEqual(DEFAULT_TENANT_CONFIG);
  });
});

describe('the built-in defaults (document 004, Bootstrap Data Summary: Default Policies)', () => {
  it('with no tenant.yml: no tenant roles, all five methods, no quota', () => {
    expect(DEFAULT_TENANT_CONFIG.roles).toEqual({});
    expect(DEFAULT_TENANT_CONFIG.build_methods).toEqual([...BUILD_METHODS]);
    expect(DEFAULT_TENANT_CONFIG.quotas).toEqual({});
  });

  it('Default Scan Policy: fail on CRITICAL (as scan-policy.ts), secrets fail, a missing database quarantines', () => {
    expect(DEFAULT_SCAN_POLICY).toEqual({ fail_on: [...DEFAULT_FAIL_ON], allow_secrets: false, on_missing_db: 'quarantine' });
    const held = evaluateScan({ dbStatus: 'missing', vulnerabilities: [], secrets: [{ ruleId: 'aws-key', severity: 'CRITICAL', target: '/app/.env' }] }, DEFAULT_SCAN_POLICY, new Date());
    expect(held.reasons).toEqual([expect.stringContaining('1 secret found'), expect.stringContaining('no database')]);
  });

  it('Production Promotion Policy: approval required, one security reviewer, no self-approval', () => {
    expect(PRODUCTION_PROMOTION_POLICY).toEqual({ required: true, min_approvals: 1, approvers: ['role:security-reviewer'], allow_self_approval: false });
  });

  it('the defaults are themselves a valid tenant.yml', () => {
    const text = JSON.stringify({ version: 1, build_methods: DEFAULT_TENANT_CONFIG.build_methods, policies: DEFAULT_TENANT_CONFIG.policies });
    expect(parseTenantConfig(text).ok).toBe(true);
  });
});

describe('manifest/tenant.schema.json', () => {
  const tDefs = tenantSchema.definitions as Record<string, Record<string, unknown>>;
  const mDefs = manifestSchema.definitions as Record<string, Record<string, unknown>>;

  it('shares the manifest\'s definitions of scan settings, approval, members and subjects', () => {
    // A named policy cannot itself name a policy: the manifest's `policy` keys are left out.
    const { policy: _scanPolicy, ...scanFields } = mDefs.scan.properties as Record<string, unknown>;
    const { policy: _approvalPolicy, ...approvalFields } = mDefs.approval.properties as Record<string, unknown>;
    expect(tDefs.scanPolicy.properties).toEqual(scanFields);
    expect(tDefs.promotionPolicy.properties).toEqual(approvalFields);
    for (const name of ['vulnerabilityId', 'subject', 'member']) expect(tDefs[name]).toEqual(mDefs[name]);
    expect(tenantSchema.properties.roles.additionalProperties).toEqual(manifestSchema.properties.roles.additionalProperties);
    expect(tenantSchema.properties.build_methods.items.enum).toEqual([...BUILD_METHODS]);
  });
});
