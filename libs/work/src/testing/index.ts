/**
 * `nestjs-gocraft-work/testing`: helpers for tests of apps that use this package. A private
 * redis-server per test run (tests never touch a Redis they did not start), and gocraft's job
 * JSON both ways, for planting jobs as a Go peer would write them or inspecting what was written.
 * Loads no `@nestjs/*` package.
 */
export {
  freePort,
  hasRedisServer,
  redisServerMissingMessage,
  startPrivateRedis,
  waitForPort,
} from './private-redis';
export type { PrivateRedis, PrivateRedisOptions } from './private-redis';
export { parseJob, serializeJob } from '../core/job';
export type { Args, CheckinSink, Job, JobFields } from '../core/job';
