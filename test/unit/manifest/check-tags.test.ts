import { describe, expect, it } from '@jest/globals';
import { tagTemplateProblem } from '../../../manifest/check-tags.js';
import { oneImage, problemLines } from './check-helpers.js';

describe('tag templates', () => {
  it.each(['{{sha}}', '{{ short_sha }}', '{{branch}}-{{short_sha}}', 'v{{tag}}', 'nightly-{{date}}', 'latest', '1.0', '_x'])('accepts %j', (t) => {
    expect(tagTemplateProblem(t)).toBeUndefined();
  });

  it.each([
    ['{{commit}}', 0, 'unknown placeholder {{commit}} (known: {{sha}}, {{short_sha}}, {{branch}}, {{tag}}, {{date}})'],
    ['x-{{Sha}}', 2, 'unknown placeholder {{Sha}}; did you mean {{sha}}?'],
    ['{{brnach}}', 0, 'did you mean {{branch}}?'],
    ['v{{sha', 1, 'has an unmatched "{{"'],
    ['v}}', 1, 'has an unmatched "}}"'],
    ['release/{{tag}}', 7, 'holds "/", which a tag cannot hold'],
    ['-{{sha}}', 0, 'a tag cannot start with "-"'],
    [`${'x'.repeat(90)}-{{sha}}`, 0, 'gives tags longer than 128 characters'],
  ])('refuses %j at offset %d: %s', (t, offset, fragment) => {
    const problem = tagTemplateProblem(t);
    expect(problem?.offset).toBe(offset);
    expect(problem?.message).toContain(fragment);
  });

  it('points at the placeholder inside the quoted template, for tags and promote.tags', () => {
    const text = oneImage(['method: dockerfile', 'tags: ["{{sha}}", "v-{{shortsha}}"]', 'promote:', '  to: r.example.com/a-release', "  tags: ['{{tag}}', 'ok', 'b {{tag}}']"]);
    expect(problemLines(text)).toEqual([
      '5:26 unknown placeholder {{shortsha}}; did you mean {{short_sha}}? (known: {{sha}}, {{short_sha}}, {{branch}}, {{tag}}, {{date}}) (at images.api.tags[1])',
      '8:33 tag template "b {{tag}}" holds " ", which a tag cannot hold (letters, digits, "_", "." and "-" only) (at images.api.promote.tags[2])',
    ]);
  });
});
