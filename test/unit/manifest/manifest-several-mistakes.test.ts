import { describe, expect, it } from '@jest/globals';
import { formatProblem } from '../../../manifest/problem.js';
import { problemsOf } from './fixtures.js';

describe('a manifest with several mistakes', () => {
  it('reports every one, in reading order, each as FILE:LINE:COL: message (at PATH)', () => {
    const lines = problemsOf('invalid/several-mistakes.yml').map(formatProblem);
    expect(lines).toEqual([
      'invalid/several-mistakes.yml:6:13: unknown value "dockerfle"; did you mean "dockerfile"? (allowed: dockerfile, buildx, kaniko, paketo, packer) (at images.api.method)',
      'invalid/several-mistakes.yml:7:14: build context "../api" leaves the repository: it must stay inside it (at images.api.context)',
      'invalid/several-mistakes.yml:8:5: unknown key "tag"; did you mean "tags"? (at images.api.tag)',
      'invalid/several-mistakes.yml:9:15: "registry.example.com/API" has upper-case letters in its path: repository names are lower-case (at images.api.registry)',
      'invalid/several-mistakes.yml:10:26: "soon" is not valid: a duration is a number and a unit (ms, s, m, h, d), such as 30s, 15m, 72h or 7d (at images.api.approval.timeout)',
      'invalid/several-mistakes.yml:13:13: unknown placeholder {{commit}} (known: {{sha}}, {{short_sha}}, {{branch}}, {{tag}}, {{date}}) (at images.web.tags[0])',
      "invalid/several-mistakes.yml:15:3: system-admin is a system role: system roles come from the app's configuration, not from a repository (at roles.system-admin)",
    ]);
  });
});
