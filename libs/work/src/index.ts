/**
 * `nestjs-gocraft-work`: the Nest layer (WorkModule, decorators, events, the standalone dashboard)
 * plus the engine's public names, so a Nest app needs one import. Every public name is listed here
 * explicitly; the plain-Node entry is `nestjs-gocraft-work/core`.
 *
 * `Job` here is the decorator (`@Job('name')`) and the type of the job a handler receives
 * (`job: Job<Args>`); the engine's Job class is `Job` in `nestjs-gocraft-work/core`.
 */

// The Nest layer
export { WorkModule } from './work.module';
export type { WorkMetricsExtras, WorkModuleExtras, WorkModuleOptions } from './work.interfaces';
export { WorkHealthIndicator } from './health/work-health.indicator';
export type {
  WorkHealthIndicatorResult,
  WorkHealthThresholds,
} from './health/work-health.indicator';
export { WORK_REDIS } from './work.constants';
export type { WorkRedis } from './work.interfaces';
export { DEFAULT_WORK_INSTANCE } from './work.constants';
export {
  getClientToken,
  getEnqueuerToken,
  getWorkerPoolToken,
  getWorkEventsToken,
  getWorkHealthIndicatorToken,
  getWorkMetricsToken,
  getWorkRedisToken,
} from './work.tokens';
export type { WorkToken } from './work.tokens';
export { WorkEvents } from './work-events';
export {
  InjectClient,
  InjectEnqueuer,
  InjectWorkerPool,
  InjectWorkEvents,
  InjectWorkRedis,
  Job,
  Middleware,
  OnJobEvent,
  Periodic,
  WorkInstance,
} from './decorators';
export type { MiddlewareOptions } from './decorators';
export { serveDashboard } from './dashboard/standalone/serve-dashboard';
export type {
  ServeDashboardOptions,
  ServedDashboard,
} from './dashboard/standalone/serve-dashboard';

// The engine's public names (see core/index.ts), all but its Job class
export {
  CjsonRewriteError,
  cjsonRewrites,
  Client,
  consoleLogger,
  createWorkHealthCheck,
  DEFAULT_DURATION_BUCKETS,
  DEFAULT_WAIT_BUCKETS,
  histogramQuantile,
  JOB_METRICS_BUCKETS_MS,
  JOB_METRICS_TTL_SECONDS,
  jobLogListener,
  TRACER_NAME,
  WorkMetrics,
  DEFAULT_DEAD_MAX_AGE_SECONDS,
  DEFAULT_DEAD_MAX_JOBS,
  DEFAULT_PAGE_SIZE,
  defineJob,
  ENGINE_DEFAULTS,
  Enqueuer,
  FixedClock,
  GoJsonError,
  JobArgsInvalidError,
  jobNameOf,
  JobTimeoutError,
  MalformedJobError,
  MAX_PAGE_SIZE,
  NotFoundError,
  NotReplicatedError,
  PermanentJobError,
  PoolStoppingError,
  resolveClientOptions,
  resolveEnqueuerOptions,
  resolvePoolOptions,
  ScheduledJob,
  ShardedClient,
  ShardedEnqueuer,
  ShardedWorkerPool,
  silentLogger,
  systemClock,
  UnencodableJobError,
  UnknownJobError,
  WorkConfigError,
  WorkerPool,
  WorkError,
} from './core';
export type {
  Args,
  ArgsValidator,
  BackoffCalculator,
  BulkJob,
  CheckinSink,
  CjsonRewrite,
  ClientApi,
  ClientOptions,
  Clock,
  DeadJob,
  DeadRetentionOption,
  EnqueuerApi,
  EnqueuerOptions,
  FoundJob,
  JobDefinition,
  JobEntry,
  JobEvent,
  JobEventListener,
  JobEventType,
  JobFields,
  JobFilter,
  JobHandler,
  JobLocation,
  JobMiddleware,
  JobOptions,
  JobPage,
  JobSet,
  KeyspaceWakeMode,
  ListOrder,
  NextMiddleware,
  PeriodicSchedule,
  PoolTimings,
  Queue,
  ReapResult,
  RedisClusterConfig,
  RedisSource,
  RedisSummary,
  ReplicaWait,
  ResolvedClientOptions,
  ResolvedEnqueuerOptions,
  ResolvedPoolOptions,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  SearchJobsOptions,
  SearchJobsPage,
  Stats,
  StatsPoint,
  StopOptions,
  StrictArgsMode,
  TrimDeadJobsOptions,
  TrimDeadJobsResult,
  TypedJob,
  WorkerObservation,
  WorkerPoolApi,
  WorkerPoolHeartbeat,
  WorkerPoolOptions,
  WorkLogger,
  WorkMetricsOptions,
  ClusterMetricsOptions,
  MeteredPool,
  PromRegistry,
  WorkHealthOptions,
  WorkHealthReport,
  JobMetricsReport,
  JobMetricsSeries,
  Percentiles,
} from './core';
