/**
 * One Jest run for everything: unit specs next to their sources, e2e and crash tests in test/.
 * Type checking is `npm run typecheck`; ts-jest only transpiles here so the suite stays fast.
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^nestjs-gocraft-work$': '<rootDir>/libs/work/src',
    '^nestjs-gocraft-work/(.*)$': '<rootDir>/libs/work/src/$1',
  },
  globalSetup: '<rootDir>/test/harness/global-setup.ts',
  globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
  testTimeout: 30000,
  // No forceExit: every test closes what it opens, so Jest ends by itself. A leaked handle shows
  // up as Jest's "did not exit" warning; find it with `npx jest --detectOpenHandles <file>`.
};
