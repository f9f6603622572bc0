import { describe, expect, it } from '@jest/globals';
import { buildsRefusedReply, buildsStartedReply, decisionReply, decisionTargetReply, statusReply, unusableManifestReply } from '../../../templates/command-replies.js';

const target = { sha: '3f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e', of: 'pull request #7' };

describe('replies to comment commands', () => {
  it('list the builds waiting when a decision names no image and several wait', () => {
    expect(decisionTargetReply({ kind: 'approve', target, waiting: ['api', 'web'], builds: [], waitingFor: 'approval' })).toBe(
      'Several builds at `3f2c1d9` (the head of pull request #7) wait for approval: `api`, `web`. Say which: `/approve api`, `/approve web`.',
    );
  });
  it('say what there is when none waits', () => {
    expect(decisionTargetReply({ kind: 'release', target, waiting: [], builds: [{ image: 'api', status: 'awaiting_approval' }], waitingFor: 'a release from quarantine' })).toBe(
      'No build at `3f2c1d9` (the head of pull request #7) waits for a release from quarantine (its builds: `api` awaiting approval).',
    );
    expect(decisionTargetReply({ kind: 'approve', target, waiting: [], builds: [], waitingFor: 'approval' })).toContain('there is no build at that commit yet');
  });
  it('quote a refusal with its reason, the source said once', () => {
    const refused = decisionReply({ kind: 'approve', image: 'api', buildId: 'b1', actor: 'vic', result: { ok: false, status: 'awaiting_approval', reason: 'viewer may not approve a build (document 003); allowed for security-reviewer', source: 'document 003' } });
    expect(refused).toBe('approve of `api` (`b1`) by @vic: **refused**: viewer may not approve a build (document 003); allowed for security-reviewer.');
    const over = decisionReply({ kind: 'cancel', image: 'api', buildId: 'b1', actor: 'ben', result: { ok: false, reason: 'the build b1 is over (completed)', source: 'the build life cycle' } });
    expect(over).toBe('cancel of `api` (`b1`) by @ben: **refused**: the build b1 is over (completed) (the build life cycle).');
  });
  it('name what a refused build request could not build: an unknown image with a guess among the manifest\'s, a refusal with its reason', () => {
    const found = { file: '.imagefactory.yml', manifest: { images: { api: { method: 'dockerfile' as const }, web: { method: 'dockerfile' as const } } } };
    expect(buildsRefusedReply('vic', { unknown: ['wbe', 'db'], refused: [{ image: 'api', reason: 'viewer may not create a build' }] }, found).split('\n')).toEqual([
      'Nothing was built for @vic:',
      '- no image is named `wbe` in `.imagefactory.yml` (it has `api`, `web`); did you mean "web"?',
      '- no image is named `db` in `.imagefactory.yml` (it has `api`, `web`)',
      '- `api`: viewer may not create a build',
    ]);
  });
  it('say why the manifest in force cannot be used', () => {
    expect(unusableManifestReply('main', { missing: true })).toBe('No `.imagefactory.yml` on `main`: nothing to build.');
    expect(unusableManifestReply('main', { missing: false, file: '.imagefactory.yml', problems: [{ file: '.imagefactory.yml', line: 4, col: 13, path: 'images.web.method', message: 'unknown value "dockerfil"' }] })).toBe(
      '`.imagefactory.yml` on `main` has problems, so nothing was built (the manifest always comes from the default branch):\n- line 4, column 13: unknown value "dockerfil" (at `images.web.method`)',
    );
  });
  it('say which images /build left alone, and that /retry builds a rejected one again', () => {
    const text = buildsStartedReply({ verb: 'Building', images: ['api', 'web'], target, requester: 'dana', joined: false, ended: [{ image: 'api', status: 'succeeded' }, { image: 'web', status: 'rejected' }] });
    expect(text.split('\n')).toEqual([
      "Building `api`, `web` at `3f2c1d9` (the head of pull request #7), as asked by @dana: each image's check run follows its build.",
      '- `api` was already built at this commit (succeeded): `/build` does not build it again.',
      '- `web` was already built at this commit (rejected): `/build` does not build it again; `/retry` does.',
    ]);
  });
  it('show /status as a table, escaping what people wrote', () => {
    const text = statusReply(target, [{ image: 'api', status: 'awaiting_approval', step: 'awaiting 1 approval(s)', digest: `sha256:${'a'.repeat(64)}`, findings: '2 CRITICAL', approvedBy: ['sam'], stillNeeded: '1 more approval, one each of @acme/qa' }]);
    expect(text).toContain('| `api` | awaiting approval: awaiting 1 approval(s) | `sha256:aaaaaaaaaaaa…` | 2 CRITICAL | sam | 1 more approval, one each of @acme/qa |');
    expect(statusReply(target, [])).toBe('No build at `3f2c1d9` (the head of pull request #7) yet.');
  });
});
