/**
 * A pool of `concurrency` worker slots fed by one fetch loop (spec §6; the loop is the
 * {@link Fetcher}). This class owns the pool's lifecycle: connecting, announcing the job types,
 * the background processes, and a stop that drains and releases everything it opened.
 */
import type Redis from 'ioredis';
import { Acknowledger } from './acknowledger';
import type { Clock } from './clock';
import { ResolvedPoolOptions, resolvePoolOptions } from './engine-options';
import { Fetcher } from './fetcher';
import { makeIdentifier } from './identifier';
import { jobLogListener } from './job-log';
import { JobMetricsCounter } from './job-metrics';
import { JobRegistry } from './job-registry';
import { announceJobTypes, limitsOf } from './job-types';
import { Keys } from './keys';
import { WorkError } from './errors';
import { defineScripts } from './lua';
import { PoolServices } from './pool-services';
import { StatsCounter } from './stats';
import {
  checkRedisVersion,
  cloneableRedisConfig,
  closeRedis,
  connectRedis,
  OwnedRedis,
  warnIfEvicting,
} from './redis-connection';
import { TimerWheel } from './timer-wheel';
import { jobTracer } from './tracing';
import type { StopOptions, WorkerPoolOptions } from './worker-pool-options';

/** Processes jobs. Register jobs and middleware, then `start()`; `stop()` waits for running jobs. */
export class WorkerPool<C = Record<string, unknown>> extends JobRegistry<C> {
  /** Jobs run at once. */
  readonly concurrency: number;
  private readonly options: ResolvedPoolOptions<C>;
  private readonly clock: Clock;
  private readonly wheel = new TimerWheel();

  private conn: OwnedRedis | null = null;
  private acker: Acknowledger | null = null;
  private fetcher: Fetcher<C> | null = null;
  private services: PoolServices | null = null;
  /** From start() until stop(): start-up retries and drain() check it. */
  private running = false;
  /** One id per worker slot, as gocraft gives each worker one (heartbeat worker_ids). */
  readonly workerIds: string[];
  private readonly jobMetrics: JobMetricsCounter | null;

  /** Checks every option (see {@link resolvePoolOptions}); throws a WorkConfigError naming a bad one. */
  constructor(options: WorkerPoolOptions<C>) {
    const resolved = resolvePoolOptions(options);
    super(new Keys(resolved.namespace), resolved.logger);
    this.options = resolved;
    this.concurrency = resolved.concurrency;
    this.clock = resolved.clock;
    this.workerIds = Array.from({ length: resolved.concurrency }, () => makeIdentifier());
    if (resolved.logJobs) this.onJobEvent(jobLogListener(this.logger));
    this.jobMetrics = resolved.jobMetrics ? new JobMetricsCounter(this.keys, this.clock) : null;
    if (this.jobMetrics) this.onJobEvent(this.jobMetrics.record);
  }

  /** Jobs running right now. */
  get activeJobs(): number {
    return this.fetcher?.activeJobs ?? 0;
  }

  /** The dead-pool reaper of a started pool (to run a pass on demand), or null. */
  get reaper() {
    return this.services?.reaper ?? null;
  }

  /** Whether start() ran and stop() has not. */
  get isStarted(): boolean {
    return this.started;
  }

  /** Starts fetching. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const conn = connectRedis(this.options.redis);
    this.conn = conn;
    const redis = conn.client;
    defineScripts(redis);
    const acker = new Acknowledger(
      redis,
      this.poolId,
      this.keys.retry,
      this.keys.dead,
      this.logger,
    );
    this.acker = acker;
    const stats = new StatsCounter(this.keys, redis, this.clock);
    this.services = new PoolServices(
      {
        keys: this.keys,
        redis,
        clock: this.clock,
        logger: this.logger,
        info: {
          poolId: this.poolId,
          jobNames: this.jobNames,
          concurrency: this.concurrency,
          workerIds: this.workerIds,
        },
        threadRedis: cloneableRedisConfig(this.options.redis),
        periodic: this.periodic,
        stats,
        jobMetrics: this.jobMetrics ?? undefined,
        limits: limitsOf(this.types),
      },
      this.options,
    );
    this.fetcher = new Fetcher<C>({
      redis,
      keys: this.keys,
      poolId: this.poolId,
      types: this.types,
      slots: this.concurrency,
      pollIntervalMs: this.options.pollIntervalMs,
      keyspaceWake: this.options.keyspaceWake,
      observer: this.services.observer,
      acker,
      clock: this.clock,
      logger: this.logger,
      wheel: this.wheel,
      middleware: this.middleware,
      newContext: this.options.context,
      stats,
      events: this.events,
      tracer: jobTracer(this.options.tracing),
    });
    this.running = true;
    void warnIfEvicting(redis, this.logger);
    void checkRedisVersion(redis, this.logger);
    // Fetching starts once max_concurrency and known_jobs are written. If Redis is down the pool
    // keeps retrying in the background instead of failing the application's start-up.
    if (await this.prepare(redis)) this.fetcher.begin();
    else void this.retryPrepare(redis);
  }

  /** Writes max_concurrency for every job and adds the names to known_jobs (gocraft's Start). */
  private async prepare(redis: Redis): Promise<boolean> {
    try {
      if (this.types.length === 0) {
        await this.services!.start();
        return true;
      }
      await announceJobTypes(redis, this.keys, this.poolId, this.types, this.logger);
      // The heartbeat goes up before the first fetch, so no reaper ever sees our jobs without it.
      await this.services!.start();
      return true;
    } catch (err) {
      if (this.running)
        this.logger.error(
          `worker pool start-up could not reach Redis, retrying: ${(err as Error).message}`,
        );
      return false;
    }
  }

  private async retryPrepare(redis: Redis): Promise<void> {
    while (this.running) {
      await new Promise((r) => setTimeout(r, 1000));
      if (this.running && (await this.prepare(redis))) {
        if (this.running) this.fetcher?.begin();
        return;
      }
    }
  }

  /**
   * Hands back jobs sitting in this pool's in-progress lists that no worker is running, if this is
   * a quiet moment (no fetch in flight, no outcome waiting); resolves to the number handed back, or
   * null when it was not quiet.
   */
  reconcileInProgress(): Promise<number | null> {
    return this.running && this.fetcher
      ? this.fetcher.reconcileInProgress()
      : Promise.resolve(null);
  }

  /**
   * Stops fetching and waits for running jobs, then writes their outcomes, stops the background
   * processes, removes the heartbeat and releases connections. With `timeoutMs`, jobs still running
   * at the deadline are aborted and handed back to their queues. Idempotent, and safe when start()
   * never ran. Queued jobs stay in Redis.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.started) return;
    this.running = false;
    const fetcher = this.fetcher;
    if (fetcher) await fetcher.stop(options.timeoutMs);
    if (this.conn?.client.status === 'ready') await this.acker?.flushAll();
    this.acker?.dispose();
    if (this.services) {
      try {
        await this.services.stop(this.conn?.client.status !== 'ready');
      } catch (err) {
        this.logger.error(`stopping background processes: ${(err as Error).message}`);
      }
    }
    await fetcher?.close();
    if (this.conn) await closeRedis(this.conn);
    this.conn = null;
    this.acker = null;
    this.fetcher = null;
    this.services = null;
    this.started = false;
  }

  /**
   * Resolves once a fetch finds nothing to do and no job is running (gocraft's Drain). It does not
   * wait for retry or scheduled jobs. Rejects if the pool is not started.
   */
  drain(): Promise<void> {
    if (!this.running || !this.fetcher)
      return Promise.reject(
        new WorkError('drain() needs a started worker pool; call start() first'),
      );
    return this.fetcher.drain();
  }
}
