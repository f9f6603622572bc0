/** Jest runs the TypeScript sources directly (ts-jest ESM preset). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // .cts: CommonJS sources Temporal loads with require() (lib/failure-converter.cts).
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }], '^.+\\.cts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 120000,
};
