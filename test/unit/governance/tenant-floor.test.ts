import { describe, expect, it } from '@jest/globals';
import { parseManifest } from '../../../manifest/load-manifest.js';
import { formatProblem } from '../../../manifest/problem.js';
import { parseTenantConfig } from '../../../manifest/tenant-config.js';
import { withTenantDefaults, type ResolvedTenantConfig } from '../../../manifest/tenant-config-defaults.js';
import type { ImageConfig } from '../../../manifest/types.js';
import { applyTenantFloor } from '../../../policies/tenant-floor.js';

const TENANT_YML = `version: 1
registries: [registry.acme.com/acme, 127.0.0.1:5000/acme]
promotion_rules:
  - { to: "registry.acme.com/acme/prod/**", policy: production }
policies:
  scan:
    default: { fail_on: [CRITICAL, HIGH], allow_secrets: false, on_missing_db: quarantine }
    lenient: { fail_on: [CRITICAL], on_missing_db: warn, allow_secrets: true }
  promotion:
    production: { required: true, approvers: ["role:security-reviewer"], min_approvals: 2, timeout: 48h, allow_self_approval: false }
`;

function tenant(text = TENANT_YML): ResolvedTenantConfig {
  const parsed = parseTenantConfig(text);
  if (!parsed.ok) throw new Error(parsed.problems.map(formatProblem).join('\n'));
  return withTenantDefaults(parsed.value, { registries: ['127.0.0.1:5000/acme'] });
}

const floor = (image: Partial<ImageConfig>, t = tenant(), release = 'registry.acme.com/acme/api') => applyTenantFloor({ method: 'dockerfile', ...image }, release, t);
const messages = (image: Partial<ImageConfig>, t?: ResolvedTenantConfig, release?: string) => floor(image, t, release).violations.map((v) => `${v.path.join('.')}: ${v.message}`);

function validate(manifest: string, t = tenant()) {
  const result = parseManifest(manifest, '.imagefactory.yml', { tenant: { tenant: t, defaultRegistry: '127.0.0.1:5000', repository: 'acme/api' } });
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('the tenant scan policy is a floor', () => {
  it('takes the union of fail_on and refuses a list that leaves a severity out, naming the rule', () => {
    expect(floor({ scan: { fail_on: ['CRITICAL', 'HIGH', 'MEDIUM'] } }).config.scan.fail_on).toEqual(['CRITICAL', 'HIGH', 'MEDIUM']);
    expect(messages({ scan: { fail_on: [] } })).toEqual([
      'scan.fail_on: fail_on leaves out CRITICAL, HIGH, which tenant.yml policies.scan.default requires (fail_on: CRITICAL, HIGH): a manifest may add severities, never remove them',
    ]);
    expect(floor({ scan: { fail_on: [] } }).config.scan.fail_on).toEqual(['CRITICAL', 'HIGH']);
  });

  it('allows secrets and a missing database only where the policy does', () => {
    expect(messages({ scan: { allow_secrets: true, on_missing_db: 'warn' } })).toEqual([
      'scan.allow_secrets: allow_secrets: true is not allowed: tenant.yml policies.scan.default quarantines images holding secrets',
      'scan.on_missing_db: on_missing_db: warn is not allowed: tenant.yml policies.scan.default quarantines images scanned without a vulnerability database',
    ]);
    expect(floor({ scan: { allow_secrets: true, on_missing_db: 'warn' } }).config.scan).toMatchObject({ allow_secrets: false, on_missing_db: 'quarantine' });
    const lenient = floor({ scan: { policy: 'lenient', allow_secrets: true, on_missing_db: 'warn' } });
    expect(lenient.violations).toEqual([]);
    expect(lenient.config.scan).toMatchObject({ policy: 'lenient', allow_secrets: true, on_missing_db: 'warn', fail_on: ['CRITICAL'] });
    expect(floor({ scan: { policy: 'lenient', allow_secrets: false } }).config.scan.allow_secrets).toBe(false);
  });

  it('names the built-in policy when tenant.yml has none', () => {
    const none = withTenantDefaults(undefined, { registries: ['registry.acme.com/acme'] });
    expect(messages({ scan: { fail_on: ['HIGH'] } }, none)).toEqual([
      'scan.fail_on: fail_on leaves out CRITICAL, which the built-in scan policy "default" (document 004) requires (fail_on: CRITICAL): a manifest may add severities, never remove them',
    ]);
  });
});

describe('promotion policies are a floor, and promotion rules bind them to targets', () => {
  const prod = { promote: { to: 'registry.acme.com/acme/prod/api' } };

  it('applies the production policy to an image promoted to a bound target, though its manifest names none', () => {
    const { config, violations } = floor(prod);
    expect(violations).toEqual([]);
    expect(config.approval).toEqual({ required: true, approvers: [['role:security-reviewer']], min_approvals: 2, require_each: [], allow_self_approval: false, timeout: '48h', policies: ['production'] });
    expect(floor({ promote: { to: 'registry.acme.com/acme/staging/api' } }).config.approval).toMatchObject({ required: false, policies: [] });
  });

  it('refuses every loosening at its field, naming the policy', () => {
    expect(messages({ ...prod, approval: { required: false, min_approvals: 1, allow_self_approval: true, timeout: '7d', approvers: ['role:developer', 'alice'] } })).toEqual([
      'approval.required: approval.required: false is not allowed: tenant.yml policies.promotion.production requires approval before promotion',
      'approval.approvers.0: role:developer is not among the approvers tenant.yml policies.promotion.production allows (role:security-reviewer): a manifest may only narrow them',
      'approval.min_approvals: min_approvals: 1 is fewer than tenant.yml policies.promotion.production requires (2)',
      "approval.allow_self_approval: allow_self_approval: true is not allowed: tenant.yml policies.promotion.production forbids approving one's own build",
      'approval.timeout: approval.timeout 7d is longer than tenant.yml policies.promotion.production allows (48h): a manifest may only shorten it',
    ]);
  });

  it('lets a manifest tighten: more approvals, a shorter timeout, approvers narrowed (both lists must match)', () => {
    const { config, violations } = floor({ ...prod, approval: { min_approvals: 3, timeout: '1h', approvers: ['role:tenant-admin', '@acme/release'], require_each: ['@acme/release'] } });
    expect(violations).toEqual([]);
    expect(config.approval).toMatchObject({ min_approvals: 3, timeout: '1h', approvers: [['role:security-reviewer'], ['role:tenant-admin', '@acme/release']], require_each: ['@acme/release'] });
  });

  it('a tenant "default" promotion policy governs every image; an undefined named policy is refused', () => {
    const t = tenant(`${TENANT_YML}    default: { required: true, min_approvals: 1 }\n`);
    expect(floor({}, t).config.approval).toMatchObject({ required: true, policies: ['default'] });
    expect(messages({ approval: { policy: 'nightly' } })).toEqual(['approval.policy: promotion policy "nightly" is not defined (tenant.yml defines production)']);
  });
});

describe('registries the tenant allows', () => {
  it('refuses a registry or a promotion target outside them, and pushing straight to a promotion target', () => {
    expect(messages({ registry: 'docker.io/evil/api' }, undefined, 'docker.io/evil/api')).toEqual([
      'registry: docker.io/evil/api is not among the registries allowed by tenant.yml (registry.acme.com/acme, 127.0.0.1:5000/acme)',
    ]);
    expect(messages({ promote: { to: 'registry.acme.com/acmecorp/api' } })).toEqual([
      'promote.to: registry.acme.com/acmecorp/api is not among the registries allowed by tenant.yml (registry.acme.com/acme, 127.0.0.1:5000/acme)',
    ]);
    expect(messages({ registry: 'registry.acme.com/acme/prod/api' }, undefined, 'registry.acme.com/acme/prod/api')).toEqual([
      'registry: registry.acme.com/acme/prod/api is a promotion target (tenant.yml promotion_rules: registry.acme.com/acme/prod/** under policy production): images reach it only by promotion; push to another repository and promote there',
    ]);
  });

  it('defaults to the deployment\'s registry under the tenant\'s prefix', () => {
    const none = withTenantDefaults(undefined, { registries: ['127.0.0.1:5000/acme'] });
    expect(messages({}, none, '127.0.0.1:5000/acme/api/web')).toEqual([]);
    expect(messages({}, none, '127.0.0.1:5000/other/api/web')).toEqual([
      ': the default repository 127.0.0.1:5000/other/api/web is not among the registries allowed by the built-in defaults (127.0.0.1:5000/acme): set registry: to a repository it allows',
    ]);
  });
});

describe('imagefactory validate applies the floor at the lines of the manifest', () => {
  it('reports each loosening at its line and column', () => {
    const manifest = `version: 1
images:
  api:
    method: dockerfile
    registry: 127.0.0.1:5000/acme/api
    scan:
      fail_on: []
      allow_secrets: true
    promote: { to: registry.acme.com/acme/prod/api }
    approval:
      required: false
`;
    expect(validate(manifest)).toEqual([
      '.imagefactory.yml:7:16: fail_on leaves out CRITICAL, HIGH, which tenant.yml policies.scan.default requires (fail_on: CRITICAL, HIGH): a manifest may add severities, never remove them (at images.api.scan.fail_on)',
      '.imagefactory.yml:8:22: allow_secrets: true is not allowed: tenant.yml policies.scan.default quarantines images holding secrets (at images.api.scan.allow_secrets)',
      '.imagefactory.yml:11:17: approval.required: false is not allowed: tenant.yml policies.promotion.production requires approval before promotion (at images.api.approval.required)',
    ]);
  });

  it('a manifest maps project roles only', () => {
    expect(validate(`version: 1\nimages:\n  api: { method: dockerfile, registry: 127.0.0.1:5000/acme/api }\nroles:\n  security-reviewer: [mallory, mallory2]\n  admin: [mallory]\n  developer: [dev]\n`)).toEqual([
      ".imagefactory.yml:5:3: security-reviewer is a tenant role: tenant roles come from tenant.yml in the organization's .imagefactory repository; a manifest maps project roles only (project-manager, build-engineer, developer, viewer) (at roles.security-reviewer)",
      ".imagefactory.yml:6:3: admin (tenant-admin) is a tenant role: tenant roles come from tenant.yml in the organization's .imagefactory repository; a manifest maps project roles only (project-manager, build-engineer, developer, viewer) (at roles.admin)",
    ]);
  });
});

describe('tenant.yml registries and promotion rules', () => {
  it('reports a rule naming an undefined policy, a glob in the host and a registry entry without a host', () => {
    const result = parseTenantConfig('version: 1\nregistries: [acme/team]\npromotion_rules:\n  - { to: "*.acme.com/prod/**", policy: prodution }\n');
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([
      'tenant.yml:2:14: "acme/team" does not start with a registry host: write host[:port]/path-prefix, such as registry.acme.com/acme/team (at registries[0])',
      'tenant.yml:4:11: "*.acme.com/prod/**" must start with a registry host (no pattern in the host), such as registry.acme.com/prod/** (at promotion_rules[0].to)',
      'tenant.yml:4:41: promotion policy "prodution" is not defined; did you mean "production"? (defined: production) (at promotion_rules[0].policy)',
    ]);
  });
});
