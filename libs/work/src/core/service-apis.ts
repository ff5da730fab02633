/**
 * What the plain services and their sharded counterparts both offer. Code typed with these works
 * on one namespace and on a sharded one alike; WorkModule injects the sharded classes under the
 * usual tokens when its `shards` option is set.
 */
import type { Client } from './client';
import type { Enqueuer } from './enqueuer';
import type { JobDefinition, TypedJob } from './job-definition';
import type { JobEventListener } from './job-events';
import type { JobOptions } from './job-options';
import type { JobHandler, JobMiddleware } from './run';
import type { StopOptions } from './worker-pool-options';

/** The enqueue methods of `Enqueuer`, which `ShardedEnqueuer` offers too. */
export type EnqueuerApi = Pick<
  Enqueuer,
  | 'enqueue'
  | 'enqueueIn'
  | 'enqueueUnique'
  | 'enqueueUniqueIn'
  | 'enqueueUniqueByKey'
  | 'enqueueUniqueInByKey'
  | 'enqueueBulk'
  | 'close'
>;

/** The reads and actions of `Client`, which `ShardedClient` offers too. */
export type ClientApi = Pick<
  Client,
  | 'close'
  | 'workerPoolHeartbeats'
  | 'workerObservations'
  | 'queues'
  | 'scheduledJobs'
  | 'retryJobs'
  | 'deadJobs'
  | 'searchJobs'
  | 'deleteDeadJob'
  | 'deleteRetryJob'
  | 'deleteScheduledJob'
  | 'retryDeadJob'
  | 'retryAllDeadJobs'
  | 'retryDeadJobsMatching'
  | 'deleteMatchingJobs'
  | 'retryDeadJobsByName'
  | 'deleteAllDeadJobs'
  | 'deleteAllJobs'
  | 'runAllJobsNow'
  | 'redisSummary'
  | 'periodicSchedules'
  | 'pauseJob'
  | 'unpauseJob'
  | 'runScheduledJobNow'
  | 'runRetryJobNow'
  | 'findJob'
  | 'deleteQueue'
  | 'stats'
  | 'jobMetrics'
  | 'trimDeadJobs'
>;

/** The registration and lifecycle of `WorkerPool`, which `ShardedWorkerPool` offers too. */
export interface WorkerPoolApi<C = Record<string, unknown>> {
  /** Registers a job type (see `WorkerPool.job`). */
  job<A extends object>(
    definition: JobDefinition<A>,
    handler: JobHandler<C, TypedJob<A>>,
    options?: JobOptions,
  ): this;
  job(name: string, handler: JobHandler<C>, options?: JobOptions): this;
  /** Appends a middleware. */
  use(middleware: JobMiddleware<C>): this;
  /** Enqueues `jobName` whenever the cron `spec` fires. */
  periodicallyEnqueue(spec: string, jobName: string): this;
  /** Listens to job events; returns the function that stops listening. */
  onJobEvent(listener: JobEventListener): () => void;
  /** Starts fetching. */
  start(): Promise<void>;
  /** Stops fetching and waits for running jobs (see `WorkerPool.stop`). */
  stop(options?: StopOptions): Promise<void>;
  /** Resolves once the queues are empty and no job runs. */
  drain(): Promise<void>;
  /** Whether start() ran and stop() has not. */
  readonly isStarted: boolean;
  /** Jobs running right now. */
  readonly activeJobs: number;
  /** Worker slots. */
  readonly concurrency: number;
}
