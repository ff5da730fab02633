/**
 * `nestjs-gocraft-work/core`: the framework-free engine, usable from plain Node (scripts, CLIs,
 * services without Nest). Loads no `@nestjs/*` package. Every public name is listed here
 * explicitly; anything else in core/ is internal and may change in any release.
 */

// Producing jobs
export { Enqueuer, MAX_DELAY_SECONDS, ScheduledJob } from './enqueuer';
export type { BulkJob, EnqueuerOptions } from './enqueuer';
export { defineJob, jobNameOf } from './job-definition';
export type { ArgsValidator, JobDefinition, TypedJob } from './job-definition';
export type { JobOptions } from './job-options';
export type { BackoffCalculator } from './backoff';
export type { RedisSource } from './redis-connection';

// Running jobs
export { STOP_MARGIN_MS, WorkerPool } from './worker-pool';
export type { ReapResult } from './dead-pool-reaper';
export { UNHEALTHY_AFTER_MS } from './fetcher';
export type { PoolTimings, StopOptions, WorkerPoolOptions } from './worker-pool-options';
export { Job } from './job';
export type { Args, CheckinSink, JobFields } from './job';
export type { JobHandler, JobMiddleware, NextMiddleware } from './run';
export type { JobEvent, JobEventListener, JobEventType } from './job-events';

// Inspecting and managing jobs
export { Client } from './client';
export {
  DEFAULT_DEAD_MAX_AGE_SECONDS,
  DEFAULT_DEAD_MAX_JOBS,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
} from './client-types';
export type {
  ClientOptions,
  DeadJob,
  FoundJob,
  JobEntry,
  JobLocation,
  JobPage,
  JobSet,
  ListOrder,
  Queue,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  SearchJobsOptions,
  SearchJobsPage,
  TrimDeadJobsOptions,
  TrimDeadJobsResult,
  WorkerObservation,
  WorkerPoolHeartbeat,
} from './client-types';
export type { JobFilter } from './job-filter';
export type { RedisSummary } from './redis-info';
export type { PeriodicSchedule } from './periodic-schedules';
export type { Stats, StatsPoint } from './stats';

// Errors: every one extends WorkError
export { CjsonRewriteError } from './cjson-check';
export {
  isOutOfMemory,
  isRedisUnavailable,
  RedisUnavailableError,
  WorkConfigError,
  WorkError,
} from './errors';
export { JobArgsInvalidError, PermanentJobError } from './job-definition';
export { MalformedJobError } from './job';
export { JobTimeoutError } from './worker';
export { PoolStoppingError } from './pool-recovery';
export { NotFoundError, UnencodableJobError, UnknownJobError } from './client-errors';
export { GoJsonDepthError, GoJsonError, MAX_JSON_DEPTH } from './go-json';

// Options: checked and defaulted in one place, callable to check a configuration early
export { cjsonRewrites } from './cjson-check';
export { checkJobName, jobNameProblem, RESERVED_JOB_NAME_SUFFIXES } from './job-name';
export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_SOCKET_TIMEOUT_MS,
  timeoutOptions,
} from './redis-connection';
export type { CjsonRewrite, StrictArgsMode } from './cjson-check';
export type { KeyspaceWakeMode } from './keyspace-wake';
export type { DeadRetentionOption } from './dead-retention';
export {
  ENGINE_DEFAULTS,
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

// Logging and time
export { consoleLogger, silentLogger } from './logger';
export type { WorkLogger } from './logger';
export { FixedClock, systemClock } from './clock';
export type { Clock } from './clock';

// Observability: metrics, tracing, health
export { jobLogListener } from './job-log';
export { WorkMetrics } from './metrics/work-metrics';
export type { WorkMetricsOptions } from './metrics/work-metrics';
export type { ClusterMetricsOptions } from './metrics/cluster-metrics-options';
export type { MeteredPool } from './metrics/metered-pool';
export { DEFAULT_DURATION_BUCKETS, DEFAULT_WAIT_BUCKETS } from './metrics/metered-pool';
export type { PromRegistry } from './metrics/prom-registry';
export { TRACER_NAME } from './job-tracer';
export { createWorkHealthCheck } from './health';
export type { WorkHealthOptions, WorkHealthReport } from './health';
export { JOB_METRICS_BUCKETS_MS, JOB_METRICS_TTL_SECONDS } from './job-metrics';
export { histogramQuantile } from './job-metrics-report';
export type { JobMetricsReport, JobMetricsSeries, Percentiles } from './job-metrics-report';

// Beyond one Redis: Cluster, sharded namespaces, replica acknowledgement (docs/scaling.md)
export type { RedisClusterConfig } from './redis-cluster';
export { hashTagOf } from './redis-cluster';
export { redisSourceFromAddress } from './redis-address';
export type { RedisAddressOptions, RedisAddressSource } from './redis-address';
export { NotReplicatedError } from './replica-wait';
export type { ReplicaWait } from './replica-wait';
export { MAX_SHARDS, shardNamespaces, shardOfUnique } from './shards';
export { ShardedEnqueuer } from './sharded-enqueuer';
export type { ShardedEnqueuerOptions, ShardedTarget } from './sharded-enqueuer';
export { ShardedWorkerPool } from './sharded-worker-pool';
export type { ShardedWorkerPoolOptions } from './sharded-worker-pool';
export { ShardedClient } from './sharded-client';
export type { ShardedClientOptions } from './sharded-client';
export type { ClientApi, EnqueuerApi, WorkerPoolApi } from './service-apis';
