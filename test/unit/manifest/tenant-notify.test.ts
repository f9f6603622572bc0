import { describe, expect, it } from '@jest/globals';
import manifestSchema from '../../../manifest/imagefactory.schema.json' with { type: 'json' };
import { formatProblem } from '../../../manifest/problem.js';
import { parseTenantConfig } from '../../../manifest/tenant-config.js';
import { DEFAULT_TENANT_CONFIG, withTenantDefaults } from '../../../manifest/tenant-config-defaults.js';
import tenantSchema from '../../../manifest/tenant.schema.json' with { type: 'json' };
import { DEFAULT_NOTIFY_ON, NOTIFY_CHANNELS } from '../../../manifest/types.js';

const problems = (lines: string[]) => {
  const result = parseTenantConfig(`${lines.join('\n')}\n`);
  return result.ok ? [] : result.problems.map((p) => formatProblem(p).replace(/^tenant\.yml:/, ''));
};

describe('tenant.yml notify: and slack:', () => {
  it('reads the notification defaults and the Slack users, and fills nothing in when absent', () => {
    const result = parseTenantConfig('version: 1\nnotify:\n  slack: { channel: "#security" }\n  email: { to: [sec@acme.com], on: [quarantined], digest: weekly }\nslack: { U0123ABCD: dora, W0ABCDE12: sam }\n');
    expect(result).toEqual({
      ok: true,
      value: {
        version: 1,
        notify: { slack: { channel: '#security' }, email: { to: ['sec@acme.com'], on: ['quarantined'], digest: 'weekly' } },
        slack: { U0123ABCD: 'dora', W0ABCDE12: 'sam' },
      },
    });
    if (!result.ok) return;
    const resolved = withTenantDefaults(result.value);
    expect(resolved.notify).toEqual(result.value.notify);
    expect(resolved.slack).toEqual({ U0123ABCD: 'dora', W0ABCDE12: 'sam' });
    expect(withTenantDefaults({ version: 1 })).toMatchObject({ notify: {}, slack: {} });
    expect(DEFAULT_TENANT_CONFIG).toMatchObject({ notify: {}, slack: {} });
  });

  it('names each mistake with its line, column and YAML path', () => {
    expect(problems([
      'version: 1',
      'notify:',
      '  slack: { channel: builds, on: [failed, promotd] }',
      '  email:',
      '    to: [security@acme.com, not-an-address]',
      '    digest: hourly',
      '    cc: [x@acme.com]',
      'slack:',
      '  U0123ABCD: dora',
      '  dora: U0123ABCD',
      '  W0ABCDE12: "@acme/team"',
    ])).toEqual([
      '3:21: "builds" is not valid: a Slack channel is #name (in quotes) or a channel id such as C0123456789 (at notify.slack.channel)',
      '3:42: unknown value "promotd"; did you mean "promoted"? (allowed: queued, succeeded, failed, quarantined, released, approval_requested, approved, rejected, expired, promoted, cancelled) (at notify.slack.on[1])',
      '5:29: "not-an-address" is not an email address (at notify.email.to[1])',
      '6:13: unknown value "hourly" (allowed: daily, weekly, none) (at notify.email.digest)',
      '7:5: unknown key "cc" (allowed: to, on, digest) (at notify.email.cc)',
      '10:3: "dora" is not a valid name: a Slack user id is U or W followed by capital letters and digits, such as U0123ABCD (the member id of a Slack profile) (at slack.dora)',
      '11:14: "@acme/team" is not valid: a Slack user maps to a GitHub login, such as dora (at slack.W0ABCDE12)',
    ]);
    expect(problems(['version: 1', 'notify:', '  email: { on: [failed] }'])).toEqual(['3:3: missing required key "to" (at notify.email)']);
  });

  it("has the manifest's notify: shape, and its defaults are manifest/types.ts's", () => {
    expect(tenantSchema.definitions.notify).toEqual(manifestSchema.definitions.notify);
    const channels = manifestSchema.definitions.notify.properties;
    expect(Object.keys(channels).sort()).toEqual([...NOTIFY_CHANNELS].sort());
    for (const channel of NOTIFY_CHANNELS) expect(channels[channel].properties.on.default).toEqual([...DEFAULT_NOTIFY_ON]);
  });
});
