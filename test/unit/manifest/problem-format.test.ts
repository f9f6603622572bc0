import { describe, expect, it } from '@jest/globals';
import { didYouMean } from '../../../manifest/did-you-mean.js';
import { formatProblem, sortProblems, type Problem } from '../../../manifest/problem.js';
import { formatYamlPath, pointerToYamlPath } from '../../../manifest/yaml-path.js';

const p = (line: number, col: number, message: string, path = ''): Problem => ({ file: 'f.yml', line, col, path, message });

describe('formatProblem', () => {
  it('writes FILE:LINE:COL: message (at PATH)', () => {
    expect(formatProblem(p(3, 7, 'unknown key "x"', 'images.api.x'))).toBe('f.yml:3:7: unknown key "x" (at images.api.x)');
  });

  it('leaves out the path for problems of the whole file', () => {
    expect(formatProblem(p(1, 1, 'the manifest is empty'))).toBe('f.yml:1:1: the manifest is empty');
  });
});

describe('sortProblems', () => {
  it('orders by line and column and keeps each problem once', () => {
    const sorted = sortProblems([p(2, 5, 'b'), p(1, 9, 'a'), p(2, 1, 'c'), p(1, 9, 'a')]);
    expect(sorted.map((x) => `${x.line}:${x.col}`)).toEqual(['1:9', '2:1', '2:5']);
  });
});

describe('YAML paths', () => {
  it.each([
    [['images', 'api', 'scan', 'fail_on', 1], 'images.api.scan.fail_on[1]'],
    [['images', 'docs.v2', 'tags', 0], 'images["docs.v2"].tags[0]'],
    [['roles', 'build-engineer'], 'roles.build-engineer'],
    [[], ''],
  ])('%j is written %s', (path, text) => {
    expect(formatYamlPath(path)).toBe(text);
  });

  it('reads ajv pointers, telling list indexes from keys that look like numbers', () => {
    const data = { images: { '1': { tags: ['a', 'b'] } }, 'a/b': { '~x': 1 } };
    expect(pointerToYamlPath('/images/1/tags/1', data)).toEqual(['images', '1', 'tags', 1]);
    expect(pointerToYamlPath('/a~1b/~0x', data)).toEqual(['a/b', '~x']);
    expect(pointerToYamlPath('', data)).toEqual([]);
  });
});

describe('didYouMean', () => {
  it.each([
    ['imgaes', 'images'],
    ['contxt', 'context'],
    ['fail-on', 'fail_on'],
    ['Method', 'method'],
    ['tag', 'tags'],
    ['HIHG', 'HIGH'],
  ])('%s -> %s', (word, guess) => {
    expect(didYouMean(word, ['images', 'context', 'fail_on', 'method', 'tags', 'HIGH', 'name'])).toBe(guess);
  });

  it.each(['base', 'zzz', 'registries_list'])('has no guess for %s', (word) => {
    expect(didYouMean(word, ['name', 'images', 'registry'])).toBeUndefined();
  });
});
