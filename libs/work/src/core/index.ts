/** The framework-free engine: usable from plain Node (scripts, CLIs, tests). */
export * from './backoff';
export * from './dead-pool-reaper';
export * from './heartbeater';
export * from './requeuer';
export type { Stats, StatsPoint } from './stats';
export { CjsonRewriteError, cjsonRewrites } from './cjson-check';
export type { CjsonRewrite, StrictArgsMode } from './cjson-check';
export type { KeyspaceWakeMode } from './keyspace-wake';
export type { DeadRetentionOption } from './dead-retention';
export {
  ENGINE_DEFAULTS,
  invalidEngineOptionMessage,
  resolveClientOptions,
  resolveEnqueuerOptions,
  resolvePoolOptions,
  resolveStrictArgs,
} from './engine-options';
export type {
  ResolvedClientOptions,
  ResolvedEnqueuerOptions,
  ResolvedPoolOptions,
} from './engine-options';
export * from './clock';
export * from './enqueuer';
export * from './errors';
export { goJson, goQuote, goNumber, GoJsonError } from './go-json';
export * from './identifier';
export * from './job';
export * from './job-definition';
export * from './job-events';
export * from './job-options';
export * from './keys';
export * from './logger';
export * from './priority-sampler';
export type { RedisSource } from './redis-connection';
export type { RedisClusterConfig } from './redis-cluster';
export { hashTagOf } from './redis-cluster';
export { redisSourceFromAddress } from './redis-address';
export type { RedisAddressOptions } from './redis-address';
export { NotReplicatedError } from './replica-wait';
export type { ReplicaWait } from './replica-wait';
export { MAX_SHARDS, shardNamespaces, shardOfUnique } from './shards';
export { ShardedEnqueuer } from './sharded-enqueuer';
export type { ShardedEnqueuerOptions } from './sharded-enqueuer';
export { ShardedWorkerPool } from './sharded-worker-pool';
export type { ShardedWorkerPoolOptions } from './sharded-worker-pool';
export { ShardedClient } from './sharded-client';
export type { ShardedClientOptions } from './sharded-client';
export * from './run';
export { JobTimeoutError } from './worker';
export * from './worker-pool';
export * from './worker-pool-options';
export { PoolStoppingError } from './pool-recovery';
export * from './client';
export * from './client-errors';
export * from './client-types';
export { checkTimeZone, localTimeZone, parseCronSpec } from './cron';
export type { CronSchedule } from './cron';
export {
  PeriodicEnqueuer,
  PERIODIC_HORIZON_SECONDS,
  PERIODIC_PERIOD_MS,
} from './periodic-enqueuer';
export type { PeriodicEnqueuerOptions } from './periodic-enqueuer';
