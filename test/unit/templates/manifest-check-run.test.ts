import { describe, expect, test } from '@jest/globals';
import { parseManifest } from '../../../manifest/load-manifest.js';
import type { Problem } from '../../../manifest/problem.js';
import { checkRunName } from '../../../templates/check-run.js';
import { describeTriggers, manifestCheckRun, problemAnnotation, MANIFEST_CHECK_NAME } from '../../../templates/manifest-check-run.js';

const sha = '3f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e';
const ctx = { sha, tenantLabel: 'tenant.yml of acme/.imagefactory', defaultBranch: 'main' };

describe('a problem as a check-run annotation', () => {
  test('within one line: its columns, the end inclusive', () => {
    const p: Problem = { file: '.imagefactory.yml', line: 4, col: 13, endLine: 4, endCol: 22, path: 'images.web.method', message: 'unknown value "dockerfil"' };
    expect(problemAnnotation(p)).toEqual({ path: '.imagefactory.yml', start_line: 4, end_line: 4, start_column: 13, end_column: 21, annotation_level: 'failure', message: 'unknown value "dockerfil"', title: 'images.web.method' });
  });

  test('over several lines: no columns (GitHub takes them within one line only)', () => {
    const p: Problem = { file: '.imagefactory.yml', line: 3, col: 5, endLine: 6, endCol: 9, path: 'images.web', message: 'm' };
    expect(problemAnnotation(p)).toEqual({ path: '.imagefactory.yml', start_line: 3, end_line: 6, annotation_level: 'failure', message: 'm', title: 'images.web' });
  });

  test('an end at the start of a line ends on the line before', () => {
    const p: Problem = { file: '.imagefactory.yml', line: 3, col: 5, endLine: 4, endCol: 1, path: '', message: 'm' };
    expect(problemAnnotation(p)).toMatchObject({ start_line: 3, end_line: 3, start_column: 5, end_column: 5 });
    expect(problemAnnotation(p)).not.toHaveProperty('title');
  });

  test('without an end: the line and column itself', () => {
    expect(problemAnnotation({ file: '.imagefactory.yml', line: 1, col: 1, path: '', message: 'empty' })).toMatchObject({ start_line: 1, end_line: 1, start_column: 1, end_column: 1 });
  });
});

describe('the manifest check run', () => {
  test("is named so that no image's check run can take its name", () => {
    expect(checkRunName('manifest')).not.toBe(MANIFEST_CHECK_NAME);
    const prefix = checkRunName('');
    expect(MANIFEST_CHECK_NAME.startsWith(prefix)).toBe(true);
    const image = MANIFEST_CHECK_NAME.slice(prefix.length);
    const parsed = parseManifest(`version: 1\nimages:\n  ${JSON.stringify(image)}:\n    method: dockerfile\n`, '.imagefactory.yml');
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.message)).toEqual([expect.stringContaining('an image name is lowercase letters, digits')]);
  });

  test('an invalid manifest fails, with every problem annotated at its line and listed in the summary', () => {
    const text = 'version: 1\nimages:\n  web:\n    method: dockerfil\n  api:\n    methd: dockerfile\n';
    const parsed = parseManifest(text, '.imagefactory.yml');
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    const run = manifestCheckRun({ state: 'invalid', file: '.imagefactory.yml', problems }, { ...ctx, branch: 'feature' });
    expect(run.name).toBe(MANIFEST_CHECK_NAME);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe(`${problems.length} problems in .imagefactory.yml`);
    expect(run.annotations.map((a) => a.start_line).sort()).toEqual([4, 5, 6]);
    expect(run.output.summary).toContain('.imagefactory.yml:4:13: unknown value "dockerfil"');
    expect(run.output.summary).toContain('`3f2c1d9`');
    expect(run.output.summary).toContain('Builds always use the manifest of the default branch (`main`)');
  });

  test('a valid manifest succeeds with its images and when each builds', () => {
    const run = manifestCheckRun(
      { state: 'valid', file: '.imagefactory.yml', manifest: { version: 1, images: { web: { method: 'dockerfile', triggers: { push: { branches: ['main'] }, paths: ['web/**'] } }, tool: { method: 'buildx' } } } },
      { ...ctx, branch: 'main' },
    );
    expect(run.conclusion).toBe('success');
    expect(run.annotations).toEqual([]);
    expect(run.output.summary).toContain('| `web` | `dockerfile` | pushes to `main`; when `web/**` change |');
    expect(run.output.summary).toContain('| `tool` | `buildx` | only when asked (`/build`) |');
    expect(run.output.summary).toContain('checked against tenant.yml of acme/.imagefactory');
    expect(run.output.summary).not.toContain('Builds always use');
  });

  test('no manifest at the commit is neutral', () => {
    expect(manifestCheckRun({ state: 'absent' }, ctx)).toMatchObject({ conclusion: 'neutral', output: { title: 'No manifest' }, annotations: [] });
  });

  test('a summary stays within GitHub\'s limit however many problems', () => {
    const problems: Problem[] = Array.from({ length: 3000 }, (_, i) => ({ file: '.imagefactory.yml', line: i + 1, col: 1, path: `images.i${i}`, message: 'x'.repeat(40) }));
    const run = manifestCheckRun({ state: 'invalid', file: '.imagefactory.yml', problems }, ctx);
    expect(run.output.summary.length).toBeLessThanOrEqual(65_535);
    expect(run.annotations).toHaveLength(3000);
  });
});

test.each([
  [undefined, 'only when asked (`/build`)'],
  [{ push: true }, 'every push'],
  [{ push: {} }, 'every push'],
  [{ push: { tags: ['v*'] }, pull_request: true }, 'tags `v*`; pull requests'],
  [{ pull_request: { branches: ['main'] } }, 'pull requests into `main`'],
  [{ push: false, pull_request: false }, 'only when asked (`/build`)'],
])('describeTriggers(%j)', (triggers, text) => {
  expect(describeTriggers(triggers)).toBe(text);
});
