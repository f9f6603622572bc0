import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
          { group: ['**/db/**', '**/bot/**', '**/github/**', '**/roles/**', '**/cli/**', '**/lib/**', 'pg', 'dockerode', 'drizzle-orm', 'drizzle-orm/*', 'nodemailer', 'probot', '@slack/*', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows hold no I/O: move this into an activity.' },
        ],
      }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: globals.node },
  },
);
