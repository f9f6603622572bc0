import { describe, expect, test } from '@jest/globals';
import type { Manifest, TriggersConfig } from '../../../manifest/types.js';
import { triggeredImages, triggerMatches, type PullRequestTrigger, type PushTrigger } from '../../../policies/match-triggers.js';

const branch = (name: string, changedFiles?: string[], more: Partial<PushTrigger> = {}): PushTrigger => ({ kind: 'push', branch: name, deleted: false, forced: false, changedFiles, ...more }) as PushTrigger;
const tag = (name: string, more: Partial<PushTrigger> = {}): PushTrigger => ({ kind: 'push', tag: name, deleted: false, forced: false, changedFiles: undefined, ...more }) as PushTrigger;
const pr = (baseBranch: string, changedFiles?: string[]): PullRequestTrigger => ({ kind: 'pull_request', baseBranch, changedFiles });

describe('push triggers', () => {
  test.each<[string, TriggersConfig | undefined, PushTrigger, boolean]>([
    ['no triggers: built only when asked', undefined, branch('main', ['a']), false],
    ['an empty triggers mapping', {}, branch('main', ['a']), false],
    ['push: false', { push: false }, branch('main', ['a']), false],
    ['push: true, a branch', { push: true }, branch('feature/x', ['a']), true],
    ['push: true, a tag', { push: true }, tag('v1.0.0'), true],
    ['a mapping with neither list is push: true', { push: {} }, tag('v1'), true],
    ['a listed branch', { push: { branches: ['main'] } }, branch('main', ['a']), true],
    ['an unlisted branch', { push: { branches: ['main'] } }, branch('mainline', ['a']), false],
    ['* stays within a segment', { push: { branches: ['release/*'] } }, branch('release/1.2', []), true],
    ['* does not cross a /', { push: { branches: ['release/*'] } }, branch('release/1/hotfix', []), false],
    ['** crosses segments', { push: { branches: ['release/**'] } }, branch('release/1/hotfix', []), true],
    ['branch names are case-sensitive, as Git refs are', { push: { branches: ['main'] } }, branch('Main', []), false],
    ['only branches listed: a tag does not build', { push: { branches: ['main'] } }, tag('main'), false],
    ['only tags listed: a branch does not build', { push: { tags: ['v*'] } }, branch('v1', []), false],
    ['a listed tag', { push: { tags: ['v*'] } }, tag('v1.2.3'), true],
    ['an unlisted tag', { push: { tags: ['v*'] } }, tag('nightly'), false],
    ['pull_request alone never builds a push', { pull_request: true }, branch('main', ['a']), false],
  ])('%s', (_what, triggers, event, expected) => {
    expect(triggerMatches(triggers, event)).toBe(expected);
  });

  test('a deleted branch or tag builds nothing, whatever the triggers', () => {
    expect(triggerMatches({ push: true }, branch('main', [], { deleted: true }))).toBe(false);
    expect(triggerMatches({ push: { tags: ['v*'] } }, tag('v1', { deleted: true }))).toBe(false);
  });

  test('paths: a changed file must match one of the globs', () => {
    const triggers: TriggersConfig = { push: { branches: ['main'] }, paths: ['services/api/**', 'Dockerfile'] };
    expect(triggerMatches(triggers, branch('main', ['docs/readme.md', 'services/api/src/index.ts']))).toBe(true);
    expect(triggerMatches(triggers, branch('main', ['Dockerfile']))).toBe(true);
    expect(triggerMatches(triggers, branch('main', ['docs/readme.md', 'services/web/index.ts']))).toBe(false);
    expect(triggerMatches(triggers, branch('main', ['services/api-v2/index.ts']))).toBe(false);
    expect(triggerMatches(triggers, branch('main', []))).toBe(false);
    expect(triggerMatches({ push: true, paths: ['*.md'] }, branch('main', ['docs/a.md']))).toBe(false);
    expect(triggerMatches({ push: true, paths: ['**/*.md'] }, branch('main', ['docs/a.md']))).toBe(true);
  });

  test('paths match dot files like any other', () => {
    expect(triggerMatches({ push: true, paths: ['.github/**'] }, branch('main', ['.github/workflows/ci.yml']))).toBe(true);
    expect(triggerMatches({ push: true, paths: ['services/**'] }, branch('main', ['services/.env']))).toBe(true);
  });

  test('paths with no changed-file list: the image builds (it cannot be told that nothing matching changed)', () => {
    expect(triggerMatches({ push: true, paths: ['services/api/**'] }, branch('main', undefined))).toBe(true);
  });

  test('paths do not apply to a tag push (a tag names a commit, not a change)', () => {
    expect(triggerMatches({ push: { tags: ['v*'] }, paths: ['services/api/**'] }, tag('v2'))).toBe(true);
  });

  test('paths do not apply to a forced push (its commits do not say what it replaced)', () => {
    const triggers: TriggersConfig = { push: true, paths: ['services/api/**'] };
    expect(triggerMatches(triggers, branch('main', ['docs/a.md'], { forced: true }))).toBe(true);
    expect(triggerMatches(triggers, branch('main', ['docs/a.md'], { forced: false }))).toBe(false);
  });
});

describe('pull request triggers', () => {
  test.each<[string, TriggersConfig | undefined, PullRequestTrigger, boolean]>([
    ['no triggers', undefined, pr('main', ['a']), false],
    ['push alone never builds a pull request', { push: true }, pr('main', ['a']), false],
    ['pull_request: false', { pull_request: false }, pr('main', ['a']), false],
    ['pull_request: true', { pull_request: true }, pr('anything/else', ['a']), true],
    ['a mapping without branches is pull_request: true', { pull_request: {} }, pr('dev', ['a']), true],
    ['a listed base branch', { pull_request: { branches: ['main', 'release/*'] } }, pr('release/2', ['a']), true],
    ['an unlisted base branch', { pull_request: { branches: ['main'] } }, pr('dev', ['a']), false],
    ['paths match a changed file', { pull_request: true, paths: ['api/**'] }, pr('main', ['api/x.go']), true],
    ['paths match no changed file', { pull_request: true, paths: ['api/**'] }, pr('main', ['web/x.go']), false],
    ['paths with no changed-file list', { pull_request: true, paths: ['api/**'] }, pr('main', undefined), true],
  ])('%s', (_what, triggers, event, expected) => {
    expect(triggerMatches(triggers, event)).toBe(expected);
  });
});

test('triggeredImages: the images an event builds, in the manifest order', () => {
  const manifest: Manifest = {
    version: 1,
    images: {
      web: { method: 'dockerfile', triggers: { push: { branches: ['main'] }, pull_request: true, paths: ['web/**'] } },
      api: { method: 'dockerfile', triggers: { push: true, paths: ['api/**'] } },
      tool: { method: 'dockerfile' },
      docs: { method: 'dockerfile', triggers: { pull_request: { branches: ['main'] } } },
    },
  };
  expect(triggeredImages(manifest, branch('main', ['web/index.html', 'api/main.go']))).toEqual(['web', 'api']);
  expect(triggeredImages(manifest, branch('dev', ['web/index.html', 'api/main.go']))).toEqual(['api']);
  expect(triggeredImages(manifest, pr('main', ['web/a.css']))).toEqual(['web', 'docs']);
  expect(triggeredImages(manifest, pr('dev', ['api/a.go']))).toEqual([]);
  expect(triggeredImages(manifest, tag('v1'))).toEqual(['api']);
});
