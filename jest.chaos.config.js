/**
 * The chaos suite (`npm run test:chaos`): slow scenarios with real worker processes, Redis
 * restarts and a fault-injecting TCP proxy, kept out of `npm test`. One scenario at a time.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/chaos'],
  testRegex: '.*\\.chaos-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 240000,
  maxWorkers: 1,
};
