/**
 * A pool of `concurrency` worker slots fed by one fetch loop (spec §6; the loop is the
 * {@link Fetcher}). This class owns the pool's lifecycle: connecting, announcing the job types,
 * the background processes, and a stop that drains and releases everything it opened.
 */
import type Redis from 'ioredis';
import { Acknowledger } from './acknowledger';
import type { Clock } from './clock';
import { ResolvedPoolOptions, resolvePoolOptions } from './engine-options';
import type { ReapResult } from './dead-pool-reaper';
import type { JobDefinition, TypedJob } from './job-definition';
import type { JobEventListener } from './job-events';
import type { JobOptions } from './job-options';
import type { WorkLogger } from './logger';
import type { JobHandler, JobMiddleware } from './run';
import { boundedWait } from './bounded-wait';
import { Fetcher } from './fetcher';
import { makeIdentifier } from './identifier';
import { jobLogListener } from './job-log';
import { JobMetricsCounter } from './job-metrics';
import { JobRegistry } from './job-registry';
import { announceJobTypes, limitsOf } from './job-types';
import { Keys } from './keys';
import { isOutOfMemory, redisFailureMessage, WorkError } from './errors';
import { defineScripts, supportsScriptFlags, tolerateOutOfMemory } from './lua';
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

/**
 * How long stop() gives Redis for its last writes (hand-backs, outcomes, observations, heartbeat
 * removal) after the jobs' deadline, before it drops its connections.
 */
export const STOP_MARGIN_MS = 2000;

/** Processes jobs. Register jobs and middleware, then `start()`; `stop()` waits for running jobs. */
export class WorkerPool<C = Record<string, unknown>> {
  /** This pool's id (24 hex), used in in-progress keys and lock_info. */
  readonly poolId = makeIdentifier();
  /** Jobs run at once. */
  readonly concurrency: number;
  private readonly keys: Keys;
  private readonly logger: WorkLogger;
  /** What was registered: job types, middleware, periodic schedules, event listeners. */
  private readonly registry: JobRegistry<C>;
  /** From start() until stop(): registering is refused meanwhile. */
  private started = false;
  private readonly options: ResolvedPoolOptions<C>;
  private readonly clock: Clock;
  private readonly wheel = new TimerWheel();

  private conn: OwnedRedis | null = null;
  private acker: Acknowledger | null = null;
  private fetcher: Fetcher<C> | null = null;
  private services: PoolServices | null = null;
  /** From start() until stop(): start-up retries and drain() check it. */
  private running = false;
  /** The server's version once read ('' when it did not say), or null before. */
  private serverVersion: string | null = null;
  /** Whether the current start-up outage was reported already. */
  private startupWarned = false;
  /** The stop in progress, so concurrent stop() calls share it. */
  private stopping: Promise<void> | null = null;
  /** One id per worker slot, as gocraft gives each worker one (heartbeat worker_ids). */
  readonly workerIds: string[];
  private readonly jobMetrics: JobMetricsCounter | null;

  /** Checks every option (see {@link resolvePoolOptions}); throws a WorkConfigError naming a bad one. */
  constructor(options: WorkerPoolOptions<C>) {
    const resolved = resolvePoolOptions(options);
    this.keys = new Keys(resolved.namespace);
    this.logger = resolved.logger;
    this.registry = new JobRegistry(this.keys, this.poolId, this.logger, () => this.started);
    this.options = resolved;
    this.concurrency = resolved.concurrency;
    this.clock = resolved.clock;
    this.workerIds = Array.from({ length: resolved.concurrency }, () => makeIdentifier());
    // The log listener hears 'started' only to write a debug line, so only with a debug().
    const events = this.registry.events;
    if (resolved.logJobs)
      events.add(jobLogListener(this.logger), { started: this.logger.debug !== undefined });
    this.jobMetrics = resolved.jobMetrics ? new JobMetricsCounter(this.keys, this.clock) : null;
    if (this.jobMetrics) events.add(this.jobMetrics.record, { started: false });
  }

  /**
   * Registers the handler of a job name, with options (gocraft's JobWithOptions). With a job
   * definition, its options apply (overridden by `options`) and its validator checks each job's
   * args first: a job that fails it goes straight to dead with the validation message.
   */
  job<A extends object>(
    definition: JobDefinition<A>,
    handler: JobHandler<C, TypedJob<A>>,
    options?: JobOptions,
  ): this;
  /** Registers the handler of a job name given as a string, with its options. */
  job(name: string, handler: JobHandler<C>, options?: JobOptions): this;
  job(
    target: string | JobDefinition<any>,
    handler: JobHandler<C, any>,
    options?: JobOptions,
  ): this {
    this.registry.job(target, handler, options);
    return this;
  }

  /**
   * Enqueues `jobName` (args null) whenever `spec` fires, in gocraft's cron dialect (seconds
   * first). Like gocraft it registers no handler: register the job too, here or in another pool.
   * An invalid spec throws now.
   */
  periodicallyEnqueue(spec: string, jobName: string): this {
    this.registry.periodicallyEnqueue(spec, jobName);
    return this;
  }

  /** Appends a middleware; middleware run for every job in registration order. */
  use(middleware: JobMiddleware<C>): this {
    this.registry.use(middleware);
    return this;
  }

  /**
   * Calls `listener` for every job event of this pool (started, succeeded, retry, dead, dropped,
   * timedOut); returns a function that removes it. Listeners may be added at any time: one added
   * while a job runs hears from the next event on. With no listener, no event is built.
   */
  onJobEvent(listener: JobEventListener): () => void {
    return this.registry.events.add(listener);
  }

  /** Number of job-event listeners (events are built only when there is at least one). */
  get jobEventListenerCount(): number {
    return this.registry.events.size;
  }

  /** Names of the registered jobs, sorted. */
  get jobNames(): string[] {
    return this.registry.jobNames;
  }

  /** Jobs running right now. */
  get activeJobs(): number {
    return this.fetcher?.activeJobs ?? 0;
  }

  /**
   * The dead-pool reaper of a started pool, or null: `reap()` runs a pass now (say, right after a
   * pool you know of crashed) instead of at the next `reapIntervalMs`.
   */
  get reaper(): { reap(): Promise<ReapResult> } | null {
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
        periodic: this.registry.periodic,
        stats,
        healthy: () => this.fetcher?.healthy ?? true,
        allowOom: () => this.serverVersion !== null && supportsScriptFlags(this.serverVersion),
        jobMetrics: this.jobMetrics ?? undefined,
        limits: limitsOf(this.registry.types),
      },
      this.options,
    );
    this.fetcher = new Fetcher<C>({
      redis,
      keys: this.keys,
      poolId: this.poolId,
      types: this.registry.types,
      slots: this.concurrency,
      pollIntervalMs: this.options.pollIntervalMs,
      keyspaceWake: this.options.keyspaceWake,
      observer: this.services.observer,
      acker,
      clock: this.clock,
      logger: this.logger,
      wheel: this.wheel,
      middleware: this.registry.middleware,
      newContext: this.options.context,
      stats,
      events: this.registry.events,
      tracer: jobTracer(this.options.tracing),
    });
    this.running = true;
    this.startupWarned = false;
    void warnIfEvicting(redis, this.logger);
    // Fetching starts once max_concurrency and known_jobs are written. If Redis is down the pool
    // keeps retrying in the background instead of failing the application's start-up.
    if (await this.prepare(redis)) this.fetcher.begin();
    else void this.retryPrepare(redis);
  }

  /**
   * Reads the server version (once), then writes max_concurrency for every job and adds the names
   * to known_jobs (gocraft's Start). On Redis 7+ the pool's own scripts run even when Redis is out
   * of memory, so a pool can always start and drain a full Redis: if only these start-up writes
   * are refused for lack of memory, the pool starts anyway and retries them in the background.
   */
  private async prepare(redis: Redis): Promise<boolean> {
    try {
      if (this.serverVersion === null) {
        this.serverVersion = (await checkRedisVersion(redis, this.logger)) ?? '';
        if (supportsScriptFlags(this.serverVersion)) tolerateOutOfMemory(redis);
      }
      if (this.registry.types.length > 0 && !(await this.announce(redis)))
        void this.retryAnnounce(redis);
      // The heartbeat goes up before the first fetch, so no reaper ever sees our jobs without it.
      await this.services!.start();
      return true;
    } catch (err) {
      // One message per outage, not one per attempt.
      if (this.running && !this.startupWarned)
        this.logger.error(
          `${redisFailureMessage('worker pool start-up', err as Error)} Retrying every second.`,
        );
      this.startupWarned = true;
      return false;
    }
  }

  /**
   * The start-up writes; false when Redis refused them for lack of memory and the pool can still
   * drain (its scripts are allow-oom); any other failure throws.
   */
  private async announce(redis: Redis): Promise<boolean> {
    try {
      await announceJobTypes(redis, this.keys, this.poolId, this.registry.types, this.logger);
      return true;
    } catch (err) {
      if (!isOutOfMemory(err) || !supportsScriptFlags(this.serverVersion)) throw err;
      this.logger.error(
        'Redis is out of memory (maxmemory reached with noeviction): the pool starts and drains the queues, and writes max_concurrency and known_jobs once Redis has room again.',
      );
      return false;
    }
  }

  private async retryAnnounce(redis: Redis): Promise<void> {
    while (this.running) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!this.running) return;
      try {
        await announceJobTypes(redis, this.keys, this.poolId, this.registry.types, this.logger);
        return;
      } catch {
        // Still full (or down): the next second tries again; the first failure was reported.
      }
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
   * Hands back jobs sitting in this pool's in-progress lists that no worker is running; resolves
   * to the number handed back, or null when the pool is not running or outcomes are still waiting
   * to be written.
   */
  reconcileInProgress(): Promise<number | null> {
    return this.running && this.fetcher
      ? this.fetcher.reconcileInProgress()
      : Promise.resolve(null);
  }

  /**
   * Stops fetching and waits for running jobs, then writes their outcomes, stops the background
   * processes, removes the heartbeat and releases connections. With `timeoutMs`, jobs still running
   * at the deadline are aborted and handed back to their queues. The writes after the jobs get
   * `STOP_MARGIN_MS` (2000 ms): if Redis is down or stalled, the connections are dropped then and the
   * reaper requeues what could not be written. Idempotent, and safe when start() never ran.
   * Queued jobs stay in Redis.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.started) return;
    this.stopping ??= this.shutdown(options.timeoutMs).finally(() => (this.stopping = null));
    await this.stopping;
  }

  private async shutdown(timeoutMs?: number): Promise<void> {
    const started = performance.now();
    this.running = false;
    const fetcher = this.fetcher;
    const jobs = fetcher?.stop(timeoutMs) ?? Promise.resolve();
    const jobsBound = timeoutMs === undefined ? undefined : timeoutMs + STOP_MARGIN_MS;
    let inTime =
      (await boundedWait(
        jobs.then(() => true),
        jobsBound,
      )) === true;
    if (inTime) {
      const left =
        (jobsBound ?? STOP_MARGIN_MS) - (timeoutMs === undefined ? 0 : performance.now() - started);
      inTime =
        (await boundedWait(
          this.release(fetcher).then(() => true),
          Math.max(left, 0),
        )) === true;
    }
    if (!inTime) {
      this.logger.error(
        `stop: Redis did not answer within the stop deadline; connections closed without the last writes (the reaper requeues any job left in progress)`,
      );
      this.conn?.client.disconnect();
      await fetcher?.close(true);
      // Every loop and the heartbeat thread are told to stop now; their last passes end on their
      // own (disconnected, their commands fail at once), without holding up the caller.
      void this.services?.stop(true).catch(() => undefined);
    }
    this.acker?.dispose();
    this.conn = null;
    this.acker = null;
    this.fetcher = null;
    this.services = null;
    this.started = false;
  }

  /** The writes after the jobs: outcomes, last observations, heartbeat removal, connections. */
  private async release(fetcher: Fetcher<C> | null): Promise<void> {
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
