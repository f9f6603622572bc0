import { describe, expect, it } from '@jest/globals';
import { repositoryProblem } from '../../../manifest/check-registry.js';
import { oneImage, problemLines } from './check-helpers.js';

describe('registry references', () => {
  it.each([
    'registry.example.com/payments/api',
    '127.0.0.1:5000/team/api',
    'localhost:5000/api',
    'localhost/api',
    '[::1]:5000/api',
    'ghcr.io/acme/my_app',
    'registry.example.com/a.b/c__d/e---f',
    'acme/api',
    'api',
  ])('accepts %s', (ref) => {
    expect(repositoryProblem(ref)).toBeUndefined();
  });

  it.each([
    ['registry.example.com/payments/api:1.0', 'names a tag (:1.0)'],
    ['registry.example.com/api@sha256:abcd', 'names a digest'],
    ['https://registry.example.com/api', 'is a URL'],
    ['registry.example.com', 'names only a registry host'],
    ['localhost:5000', 'names only a registry host'],
    ['registry.example.com/Payments/api', 'upper-case letters'],
    ['registry.example.com//api', 'empty path segment'],
    ['registry.example.com/api-', 'invalid path segment "api-"'],
    ['registry_example.com:5000/api', 'invalid registry host'],
    [`r.example.com/${'a'.repeat(260)}`, 'longer than 255 characters'],
  ])('refuses %s: %s', (ref, fragment) => {
    expect(repositoryProblem(ref)).toContain(fragment);
  });

  it('checks registry and promote.to, and refuses promoting to the same repository', () => {
    expect(problemLines(oneImage(['method: dockerfile', 'registry: r.example.com/api', 'promote: { to: r.example.com/api }']))).toEqual([
      '6:20 promote.to is the image\'s own registry repository "r.example.com/api": promotion copies the image to a different (release) repository (at images.api.promote.to)',
    ]);
    expect(problemLines(oneImage(['method: dockerfile', 'registry: r.example.com/api', 'promote: { to: r.example.com/api-release }']))).toEqual([]);
  });
});
