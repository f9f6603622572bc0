import { describe, expect, it } from '@jest/globals';
import { renderTags, sanitizeTagValue } from '../../../manifest/render-tags.js';

const sha = '3f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const date = new Date('2026-03-07T23:30:00Z');

describe('renderTags', () => {
  it.each([
    [['{{sha}}'], { sha }, [sha]],
    [['{{short_sha}}'], { sha }, ['3f2c1d9']],
    [['{{branch}}'], { sha, branch: 'feature/login' }, ['feature-login']],
    [['{{ branch }}-{{short_sha}}'], { sha, branch: 'main' }, ['main-3f2c1d9']],
    [['{{tag}}'], { sha, tag: 'v1.2.3' }, ['v1.2.3']],
    [['v1.2.3+meta-{{tag}}'], { sha, tag: 'x' }, []],
    [['nightly-{{date}}'], { sha, date }, ['nightly-20260307']],
    [['latest', '{{sha}}'], { sha }, ['latest', sha]],
  ])('%j with %j gives %j', (templates, values, tags) => {
    expect(renderTags(templates, values)).toEqual(tags);
  });

  it('uses {{sha}} when no templates are given', () => {
    expect(renderTags(undefined, { sha })).toEqual([sha]);
    expect(renderTags([], { sha })).toEqual([sha]);
  });

  it('yields no tag for a template whose placeholder has no value', () => {
    expect(renderTags(['{{sha}}', '{{tag}}', 'release-{{tag}}', '{{date}}'], { sha, branch: 'main' })).toEqual([sha]);
    expect(renderTags(['{{branch}}'], { sha, branch: '' })).toEqual([]);
  });

  it('skips templates the validator refuses instead of producing broken tags', () => {
    expect(renderTags(['{{commit}}', '{{sha', 'a b', '{{sha}}'], { sha })).toEqual([sha]);
  });

  it('makes branch names valid tags: slashes and other characters become -, at most 128 characters', () => {
    expect(renderTags(['{{branch}}'], { sha, branch: 'users/ana/fix#12 ü' })).toEqual(['users-ana-fix-12--']);
    expect(renderTags(['{{branch}}'], { sha, branch: '.hidden' })).toEqual(['_hidden']);
    const long = renderTags(['{{branch}}'], { sha, branch: 'b'.repeat(300) });
    expect(long).toEqual(['b'.repeat(128)]);
  });

  it('gives each tag once', () => {
    expect(renderTags(['{{branch}}', '{{tag}}'], { sha, branch: 'v1', tag: 'v1' })).toEqual(['v1']);
  });

  it('sanitizes single values', () => {
    expect(sanitizeTagValue('release/2026.03')).toBe('release-2026.03');
  });
});
