/**
 * The slow suites on other Redis topologies (`npm run test:cluster`): a 3-master Redis Cluster, a
 * Sentinel group and a TLS server, each started by its spec file (scripts/private-topologies.ts).
 * No forceExit: every connection the suites and the library open must be closed, or the run hangs.
 * One worker: the topologies are several processes each and the machine is small.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.cluster-spec\\.ts$',
  maxWorkers: 1,
  testTimeout: 60000,
};
