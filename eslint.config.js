import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The import rules between folders that CONTRIBUTING.md states. Each folder names the product folders it may
 * not import (a `type` import is allowed where types cross, unless `values: false`), and the libraries with
 * I/O it may not use.
 */
const IO_LIBRARIES = ['pg', 'dockerode', 'drizzle-orm', 'drizzle-orm/*', 'nodemailer', 'probot', '@slack/*', 'pino', '@temporalio/*', '@octokit/*', 'node:fs', 'node:child_process', 'node:net', 'node:http', 'node:https'];
const folders = (forbidden) => [
  ...forbidden.flatMap((f) => (f.includes('*') || f.startsWith('@') || f.startsWith('node:') || !/^[a-z]+$/.test(f) ? [f] : [`**/${f}/**`, `**/${f}`])),
  // slack/ is the Slack channel; templates/slack/ (what its messages say) belongs to templates/.
  ...(forbidden.includes('slack') && !forbidden.includes('templates') ? ['!**/templates/slack', '!**/templates/slack/**'] : []),
];
const layer = (files, message, forbidden, opts = {}) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: folders(forbidden), allowTypeImports: opts.types !== false, message },
        ...(opts.io ? [{ group: IO_LIBRARIES, message }] : []),
      ],
    }],
  },
});

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'timers', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'db/migrations/**', '.imagefactory-data/**', 'manifest/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no Node, activities by type only.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'Workflows may not use Node modules: do I/O in an activity.' })),
        patterns: [
          { group: ['node:*'], message: 'Workflows may not use Node modules: do I/O in an activity.' },
          { group: ['**/activities/**', '**/activities'], allowTypeImports: true, message: 'Workflows import activities by type only (import type * as activities) and call them through proxyActivities.' },
          { group: ['**/db/**', '**/bot/**', '**/slack/**', '**/github/**', '**/roles/**', '**/cli/**', '**/lib/**', 'pg', 'dockerode', 'drizzle-orm', 'drizzle-orm/*', 'nodemailer', 'probot', '@slack/*', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows hold no I/O: move this into an activity.' },
        ],
      }],
    },
  },
  layer(['policies/**/*.ts'], 'policies/ are pure functions over data: they read no files, databases or services, and may import manifest/types.ts and manifest/parse-duration.ts (other manifest files by type only).', [
    'db', 'lib', 'activities', 'roles', 'github', 'cli', 'builds', 'workflows', 'templates', 'bot', 'slack',
    '**/manifest/*', '!**/manifest/types.js', '!**/manifest/parse-duration.js',
  ], { io: true }),
  layer(['manifest/**/*.ts'], 'manifest/ holds the languages (schemas, parsing, checks): it may import policies/ and nothing with I/O.', ['db', 'lib', 'activities', 'roles', 'github', 'cli', 'builds', 'workflows', 'templates', 'bot', 'slack'], { io: false }),
  layer(['db/**/*.ts'], 'db/ is the data layer: it may import lib/ (configuration) and the build-status vocabulary of workflows/image-build-types.ts, nothing above it.', [
    'activities', 'roles', 'github', 'cli', 'builds', 'templates', 'bot', 'slack', 'policies',
    '**/workflows/*', '!**/workflows/image-build-types.js',
  ]),
  layer(['lib/**/*.ts'], 'lib/ is process plumbing (configuration, logging, Temporal connections, the worker session): it may not import the use cases or the channels.', ['cli', 'bot', 'slack', 'builds', 'roles', 'github', 'templates', 'policies']),
  layer(['templates/**/*.ts'], 'templates/ render what people read from data: policies/ and manifest/types.ts, workflow types.', ['db', 'lib', 'activities', 'roles', 'github', 'cli', 'builds', 'bot', 'slack'], { io: true }),
  layer(['github/**/*.ts'], 'github/ is the GitHub API adapter: it may import manifest/ (and lib/ configuration types), nothing above it.', ['db', 'activities', 'roles', 'cli', 'builds', 'workflows', 'templates', 'bot', 'slack', 'policies']),
  layer(['roles/**/*.ts'], 'roles/ resolves who holds which role from the mappings in force: github/, db/, manifest/, policies/, lib/ configuration; no channel, no use case, no activity.', ['activities', 'cli', 'builds', 'templates', 'bot', 'slack', '**/workflows/*', '!**/workflows/image-build-types.js']),
  layer(['builds/**/*.ts'], 'builds/ holds the use cases every channel shares: no channel (cli/, bot/, slack/) and no activity.', ['cli', 'bot', 'slack', 'activities']),
  layer(['activities/**/*.ts'], 'activities/ may use anything but the workflow code itself (its types, pure vocabulary and locations only) and the channels.', [
    'cli', 'bot', 'slack', 'builds',
    '**/workflows/*', '!**/workflows/image-build-types.js', '!**/workflows/image-locations.js', '!**/workflows/image-build-handlers.js',
  ]),
  layer(['slack/**/*.ts'], "slack/ is the Slack channel (Bolt listeners): the use cases (builds/), roles/, db/, github/, templates/, policies/, lib/ and the workflows' types and updates; not cli/, bot/ or activities/.", [
    'cli', 'bot', 'activities',
    '**/workflows/*', '!**/workflows/image-build-types.js', '!**/workflows/image-build-handlers.js',
  ]),
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
