import { describe, expect, it } from '@jest/globals';
import { formatProblem } from '../../../manifest/problem.js';
import { validateYaml, type SemanticCheck } from '../../../manifest/validate-yaml.js';

/** A small schema of its own: the loader is generic (tenant.yml will use it too). */
const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.test/generic.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'members'],
  properties: {
    name: { type: 'string', description: 'Name.' },
    level: { enum: ['low', 'high'], description: 'Level.' },
    members: {
      type: 'array',
      description: 'Members.',
      items: {
        description: 'A login or a { login, until } entry.',
        errorMessage: 'a member is a login or { login, until }',
        anyOf: [
          { type: 'string', pattern: '^[a-z]+$', patternErrorMessage: 'a login is lower-case letters' },
          { type: 'object', additionalProperties: false, required: ['login'], properties: { login: { type: 'string' }, until: { type: 'string', format: 'date' } } },
        ],
      },
    },
  },
};

const run = (text: string, checks: SemanticCheck[] = []) => {
  const result = validateYaml<{ name: string }>(text, { file: 't.yml', schema, checks, emptyMessage: 'nothing to read' });
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('validateYaml', () => {
  it('returns the value when the file is valid', () => {
    const result = validateYaml<{ name: string; members: string[] }>('name: x\nmembers: [ana]\n', { file: 't.yml', schema });
    expect(result).toEqual({ ok: true, value: { name: 'x', members: ['ana'] } });
  });

  it('reports an empty file with the caller\'s sentence, once', () => {
    expect(run('')).toEqual(['t.yml:1:1: nothing to read']);
    expect(run('\n# only a comment\n')).toEqual(['t.yml:1:1: nothing to read']);
  });

  it('reports YAML syntax errors with their position and stops there', () => {
    expect(run('name: x\nmembers: [ana\nlevel: {\n')).toEqual([
      't.yml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      't.yml:4:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
    ]);
  });

  it('points at unknown keys with a did-you-mean, at the parent for a missing key, lists enum values', () => {
    expect(run('nmae: x\nlevel: hihg\n')).toEqual([
      't.yml:1:1: missing required key "members"',
      't.yml:1:1: missing required key "name"',
      't.yml:1:1: unknown key "nmae"; did you mean "name"? (at nmae)',
      't.yml:2:8: unknown value "hihg"; did you mean "high"? (allowed: low, high) (at level)',
    ]);
  });

  it('lists the allowed keys when no key is close', () => {
    expect(run('name: x\nmembers: []\nzzzzzz: 1\n')).toEqual(['t.yml:3:1: unknown key "zzzzzz" (allowed: name, level, members) (at zzzzzz)']);
  });

  it('judges an anyOf by the branch whose type fits, else says what is allowed', () => {
    expect(run('name: x\nmembers:\n  - ana\n  - Bob\n  - { login: cy, until: soon, x: 1 }\n  - 7\n')).toEqual([
      't.yml:4:5: "Bob" is not valid: a login is lower-case letters (at members[1])',
      't.yml:5:25: "soon" is not a date (YYYY-MM-DD) (at members[2].until)',
      't.yml:5:31: unknown key "x" (allowed: login, until) (at members[2].x)',
      't.yml:6:5: a member is a login or { login, until } (at members[3])',
    ]);
  });

  it('places a problem inside an anchored mapping on the text that holds it', () => {
    expect(run('base: &b { login: cy, level: hi }\nname: x\nmembers: [*b]\n')).toEqual([
      't.yml:1:1: unknown key "base" (allowed: name, level, members) (at base)',
      't.yml:1:23: unknown key "level" (allowed: login, until) (at members[0].level)',
    ]);
  });

  it('reports a key that is a list or mapping as an unknown key, not a crash', () => {
    expect(run('? [a]\n: b\nname: x\nmembers: []\n')).toEqual(['t.yml:1:1: unknown key "[ a ]" (allowed: name, level, members) (at ["[ a ]"])']);
  });

  it('runs semantic checks even when the schema found problems, and points inside strings', () => {
    const check: SemanticCheck = (value, ctx) => {
      const name = (value as { name?: unknown }).name;
      if (typeof name === 'string' && name.includes('!')) ctx.report(['name'], 'no "!" in names', { offset: name.indexOf('!') });
      ctx.report(['members', 0], 'first member checked');
    };
    expect(run('name: "ab!c"\nmembers: [ana]\nlevel: mid\n', [check])).toEqual([
      't.yml:1:10: no "!" in names (at name)',
      't.yml:2:11: first member checked (at members[0])',
      't.yml:3:8: unknown value "mid" (allowed: low, high) (at level)',
    ]);
  });

  it('leaves to the schema a path it already reported', () => {
    const check: SemanticCheck = (_value, ctx) => ctx.report(['level'], 'semantic opinion on level');
    expect(run('name: x\nmembers: []\nlevel: mid\n', [check])).toEqual(['t.yml:3:8: unknown value "mid" (allowed: low, high) (at level)']);
  });

  it('turns a check that throws into a problem instead of throwing', () => {
    const broken: SemanticCheck = function brokenCheck() {
      throw new Error('boom');
    };
    expect(run('name: x\nmembers: []\n', [broken])).toEqual(['t.yml:1:1: internal error in check brokenCheck: boom; please report it']);
  });

  it('never throws, whatever the text', () => {
    const texts = ['{', ']', ': :', '- - -', '*undefined', '&a [*a]', '!!binary x', 'a: !!int x', '? [a]\n: b', '"\\x', 'name: x\nmembers: [ana]\n\t- b', '\u0000', '%YAML 9.9\n---\na: 1'];
    for (const text of texts) {
      const result = validateYaml(text, { file: 't.yml', schema });
      expect(result.ok ? [] : result.problems.every((p) => p.line >= 1 && p.col >= 1 && p.message.length > 0)).toBeTruthy();
    }
  });

  it('refuses alias bombs as a problem, not a crash', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const result = validateYaml(lines.join('\n'), { file: 't.yml', schema });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems.map((p) => p.message).join('\n')).toContain('cannot be read as data');
  });
});
