/**
 * A worker pool over a sharded namespace: one WorkerPool per shard, all with the same job types,
 * middleware and listeners, started and stopped together. Periodic jobs are enqueued into shard 0
 * only, so each tick fires once however many shards and processes there are.
 */
import { resolvePoolOptions } from './engine-options';
import type { JobDefinition, TypedJob } from './job-definition';
import type { JobEventListener } from './job-events';
import type { JobOptions } from './job-options';
import type { JobHandler, JobMiddleware } from './run';
import type { WorkerPoolApi } from './service-apis';
import { shardNamespaces } from './shards';
import { WorkerPool } from './worker-pool';
import type { StopOptions, WorkerPoolOptions } from './worker-pool-options';

/** Options of a {@link ShardedWorkerPool}: a pool's, with the logical namespace split. */
export interface ShardedWorkerPoolOptions<C> extends WorkerPoolOptions<C> {
  /** The logical namespace, without braces (the shards are `{<namespace>-<i>}`). */
  namespace: string;
  /** Number of shards; every producer and pool of the namespace must use the same number. */
  shards: number;
  /**
   * Workers per shard (default 10). Each shard's pool has its own workers, heartbeat and
   * MaxConcurrency lock, so a job's MaxConcurrency holds per shard.
   */
  concurrency?: number;
}

export class ShardedWorkerPool<C = Record<string, unknown>> implements WorkerPoolApi<C> {
  /** One pool per shard, in shard order. */
  readonly shards: readonly WorkerPool<C>[];

  /** Checks every option; throws a WorkConfigError naming a bad one. */
  constructor(options: ShardedWorkerPoolOptions<C>) {
    const { shards, namespace: base, ...rest } = options;
    const namespaces = shardNamespaces(base, shards);
    resolvePoolOptions({ ...rest, namespace: namespaces[0] }, 'ShardedWorkerPool');
    this.shards = namespaces.map((namespace) => new WorkerPool<C>({ ...rest, namespace }));
  }

  /** Whether every shard's pool is started. */
  get isStarted(): boolean {
    return this.shards.every((pool) => pool.isStarted);
  }

  /** Jobs running right now, over every shard. */
  get activeJobs(): number {
    return this.shards.reduce((n, pool) => n + pool.activeJobs, 0);
  }

  /** Worker slots over every shard (`concurrency` times the number of shards). */
  get concurrency(): number {
    return this.shards.reduce((n, pool) => n + pool.concurrency, 0);
  }

  /** Registers a job type on every shard (see `WorkerPool.job`). */
  job<A extends object>(
    definition: JobDefinition<A>,
    handler: JobHandler<C, TypedJob<A>>,
    options?: JobOptions,
  ): this;
  job(name: string, handler: JobHandler<C>, options?: JobOptions): this;
  job(
    target: string | JobDefinition<any>,
    handler: JobHandler<C, any>,
    options?: JobOptions,
  ): this {
    for (const pool of this.shards) pool.job(target as string, handler, options);
    return this;
  }

  /** Adds middleware on every shard. */
  use(middleware: JobMiddleware<C>): this {
    for (const pool of this.shards) pool.use(middleware);
    return this;
  }

  /** Enqueues `jobName` on the cron `spec`, into shard 0 only (one job per tick). */
  periodicallyEnqueue(spec: string, jobName: string): this {
    this.shards[0].periodicallyEnqueue(spec, jobName);
    return this;
  }

  /** Listens to the job events of every shard; returns the function that stops listening. */
  onJobEvent(listener: JobEventListener): () => void {
    const offs = this.shards.map((pool) => pool.onJobEvent(listener));
    return () => offs.forEach((off) => off());
  }

  /** Starts every shard's pool. */
  async start(): Promise<void> {
    await Promise.all(this.shards.map((pool) => pool.start()));
  }

  /** Stops every shard's pool (see `WorkerPool.stop`). */
  async stop(options: StopOptions = {}): Promise<void> {
    await Promise.all(this.shards.map((pool) => pool.stop(options)));
  }

  /** Resolves once every shard's pool is drained (see `WorkerPool.drain`). */
  async drain(): Promise<void> {
    await Promise.all(this.shards.map((pool) => pool.drain()));
  }
}
