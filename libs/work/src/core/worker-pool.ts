/**
 * A pool of `concurrency` worker slots fed by one fetch loop (spec §6). Each fetch asks the batch
 * script for as many jobs as there are idle slots, each slot with its own priority-sampled order,
 * so pause, MaxConcurrency and priority behave as with gocraft's per-worker fetch. Outcomes are
 * written in pipelined batches. Idle pools wake on our enqueuer's announcements and otherwise poll.
 */
import type Redis from 'ioredis';
import { Acknowledger } from './acknowledger';
import { Clock, systemClock } from './clock';

import { makeIdentifier } from './identifier';
import { jobLogListener } from './job-log';
import { JobRegistry } from './job-registry';
import { announceJobTypes, fetchKeysOf } from './job-types';
import { Keys } from './keys';
import { consoleLogger, WorkLogger } from './logger';
import { defineScripts, fetchJobs } from './lua';
import type { Observer } from './observer';
import { PoolServices } from './pool-services';
import { handBackRuns, StrandedJobWatch } from './pool-recovery';
import { PrioritySampler } from './priority-sampler';
import { StatsCounter } from './stats';
import {
  checkRedisVersion,
  cloneableRedisConfig,
  closeRedis,
  connectRedis,
  duplicateRedis,
  OwnedRedis,
  warnIfEvicting,
} from './redis-connection';
import { TimerWheel } from './timer-wheel';
import { jobTracer } from './tracing';
import {
  decodeFetched,
  JobType,
  malformedDeadMember,
  processJob,
  RunningJob,
  WorkerDeps,
} from './worker';
import { StopOptions, validatePoolOptions, WorkerPoolOptions } from './worker-pool-options';

const FETCH_ERROR_DELAY_MS = 100;

/** Processes jobs. Register jobs and middleware, then `start()`; `stop()` waits for running jobs. */
export class WorkerPool<C = Record<string, unknown>> extends JobRegistry<C> {
  /** Jobs run at once. */
  readonly concurrency: number;
  private readonly options: WorkerPoolOptions<C>;
  private readonly clock: Clock;
  protected readonly logger: WorkLogger;
  private readonly pollIntervalMs: number;
  private readonly wheel = new TimerWheel();

  private conn: OwnedRedis | null = null;
  private subscriber: Redis | null = null;
  private acker: Acknowledger | null = null;
  private deps: WorkerDeps<C> | null = null;
  private sampler: PrioritySampler<JobType<C>> | null = null;
  private fetchKeys: string[] = [];
  private running = false;
  private fetching = false;
  private fetchDone: Promise<void> = Promise.resolve();
  private wakePending = false;
  private pumpQueued = false;
  private pollTimer: NodeJS.Timeout | null = null;
  /** Looks for jobs a lost fetch reply stranded in our in-progress lists, after reconnects. */
  private readonly strandedWatch = new StrandedJobWatch({
    redis: () => (this.running ? (this.conn?.client ?? null) : null),
    fetching: () => this.fetching,
    acker: () => this.acker,
    types: () => this.types,
    runs: () => this.runs,
    poolId: this.poolId,
    logger: () => this.logger,
  });
  private busy = 0;
  private idleWaiters: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];
  private readonly runs = new Set<RunningJob<C>>();
  private poolAbort = new AbortController();
  /** One id per worker slot, as gocraft gives each worker one (heartbeat worker_ids). */
  readonly workerIds: string[];
  private freeSlots: number[] = [];
  private observer: Observer | null = null;
  private services: PoolServices | null = null;

  constructor(options: WorkerPoolOptions<C>) {
    const { concurrency, pollIntervalMs: poll } = validatePoolOptions(options);
    super(new Keys(options.namespace));
    this.options = options;
    this.concurrency = concurrency;
    this.pollIntervalMs = poll;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? consoleLogger;
    this.workerIds = Array.from({ length: concurrency }, () => makeIdentifier());
    if (options.logJobs ?? true) this.onJobEvent(jobLogListener(this.logger));
  }

  /** Jobs running right now. */
  get activeJobs(): number {
    return this.busy;
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
    this.acker = new Acknowledger(redis, this.poolId, this.keys.retry, this.keys.dead, this.logger);
    this.poolAbort = new AbortController();
    const stats = new StatsCounter(this.keys, redis, this.clock);
    this.deps = {
      keys: this.keys,
      acker: this.acker,
      clock: this.clock,
      logger: this.logger,
      wheel: this.wheel,
      middleware: this.middleware,
      newContext: this.options.context ?? (() => ({}) as C),
      running: this.runs,
      poolSignal: this.poolAbort.signal,
      stats,
      emit: this.listeners.length > 0 ? (event) => this.emit(event) : null,
      tracer: jobTracer(this.options.tracing),
    };
    this.sampler = new PrioritySampler(this.types);
    this.fetchKeys = fetchKeysOf(this.keys, this.types);
    this.freeSlots = this.workerIds.map((_, i) => i).reverse();
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
      },
      {
        ...this.options,
        heartbeatInThread: this.options.heartbeatInThread ?? this.clock === systemClock,
      },
    );
    this.observer = this.services.observer;
    this.running = true;
    void warnIfEvicting(redis, this.logger);
    void checkRedisVersion(redis, this.logger);
    // Fetching starts once max_concurrency and known_jobs are written. If Redis is down the pool
    // keeps retrying in the background instead of failing the application's start-up.
    if (await this.prepare(redis)) this.begin();
    else void this.retryPrepare(redis);
  }

  /** Writes max_concurrency for every job and adds the names to known_jobs (gocraft's Start). */
  private async prepare(redis: Redis): Promise<boolean> {
    try {
      if (this.types.length === 0) {
        await this.services!.start();
        return true;
      }
      await announceJobTypes(redis, this.keys, this.types);
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
        if (this.running) this.begin();
        return;
      }
    }
  }

  /** Subscribes to wake-ups and runs the first fetch. */
  private begin(): void {
    if (!this.running) return;
    const redis = this.conn!.client;
    this.subscribe(redis);
    // After a reconnect, a fetch whose reply was lost (or that ioredis re-sent) may have left jobs
    // in our in-progress list that no worker runs: hand those back.
    redis.on('ready', () => this.strandedWatch.soon());
    this.schedulePump();
  }

  /**
   * Hands back jobs sitting in this pool's in-progress lists that no worker is running, if this is
   * a quiet moment (no fetch in flight, no outcome waiting); resolves to the number handed back, or
   * null when it was not quiet.
   */
  reconcileInProgress(): Promise<number | null> {
    return this.strandedWatch.check();
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
    this.clearPoll();
    this.strandedWatch.stop();
    const ready = this.conn?.client.status === 'ready';
    // A fetch in flight may still hand us jobs; they must start before we wait for them.
    // With Redis unreachable there is nothing to wait for, and waiting could hang.
    if (ready) await this.fetchDone;
    const finished = await this.whenIdle(options.timeoutMs);
    if (!finished)
      await handBackRuns(this.conn!.client, this.poolId, this.runs, this.poolAbort, this.logger);
    if (this.conn?.client.status === 'ready') await this.flushAcks();
    this.acker?.dispose();
    if (this.services) {
      try {
        await this.services.stop(this.conn?.client.status !== 'ready');
      } catch (err) {
        this.logger.error(`stopping background processes: ${(err as Error).message}`);
      }
    }
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await closeRedis(subscriber, true);
    if (this.conn) await closeRedis(this.conn);
    this.conn = null;
    this.services = null;
    this.started = false;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  /**
   * Resolves once a fetch finds nothing to do and no job is running (gocraft's Drain). It does not
   * wait for retry or scheduled jobs. Rejects if the pool is not started.
   */
  drain(): Promise<void> {
    if (!this.running)
      return Promise.reject(new Error('drain() needs a started worker pool; call start() first'));
    return new Promise((resolve) => {
      this.drainWaiters.push(resolve);
      this.schedulePump();
    });
  }

  private subscribe(redis: Redis): void {
    const subscriber = duplicateRedis(redis);
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, name: string) => {
      if (!this.running || !this.byName.has(name)) return;
      if (this.fetching) this.wakePending = true;
      else this.schedulePump();
    });
    subscriber.on('error', (err: Error) =>
      this.logger.warn(`wake-up subscription: ${err.message}`),
    );
    subscriber.subscribe(this.keys.wakeChannel).catch((err: Error) => {
      if (this.running)
        this.logger.warn(`wake-up subscription failed, polling only: ${err.message}`);
    });
  }

  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      void this.pump();
    });
  }

  private schedulePoll(delayMs: number): void {
    if (this.pollTimer || !this.running) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.pump();
    }, delayMs);
  }

  private clearPoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** One fetch for every idle slot; reschedules itself according to what it found. */
  private pump(): Promise<void> {
    if (!this.running || this.fetching) return this.fetchDone;
    this.fetchDone = this.fetchOnce();
    return this.fetchDone;
  }

  private async fetchOnce(): Promise<void> {
    const idle = this.concurrency - this.busy;
    if (idle <= 0) return;
    if (this.types.length === 0) {
      this.resolveDrainIfIdle(0);
      return;
    }
    this.clearPoll();
    this.fetching = true;
    this.wakePending = false;
    let got = 0;
    try {
      // Outcomes written before the fetch free their locks first (one connection keeps order).
      void this.acker!.flush();
      const reply = await fetchJobs(this.conn!.client, this.fetchKeys, this.fetchArgs(idle));
      got = reply.length / 2;
      for (let i = 0; i < reply.length; i += 2)
        this.startJob(reply[i] as Buffer, this.types[(reply[i + 1] as number) - 1]);
    } catch (err) {
      this.fetching = false;
      this.logger.error(`fetching jobs failed: ${(err as Error).message}`);
      this.schedulePoll(FETCH_ERROR_DELAY_MS);
      return;
    }
    this.fetching = false;
    if (!this.running) return;
    if (got === idle || this.wakePending) this.schedulePump();
    else {
      this.resolveDrainIfIdle(got);
      this.schedulePoll(this.pollIntervalMs);
    }
  }

  /** ARGV of the fetch script: pool id, type count, slot count, then one sampled order per slot. */
  private fetchArgs(slots: number): (string | number)[] {
    const m = this.types.length;
    const orders: number[] = new Array(slots * m);
    for (let s = 0; s < slots; s++) this.sampler!.sampleInto(orders, s * m);
    let bytes = '';
    for (const index of orders) bytes += String.fromCharCode(index + 1);
    return [this.poolId, m, slots, Buffer.from(bytes, 'latin1') as unknown as string];
  }

  /** Starts a fetched payload in a free slot, or dead-letters it if it is not a valid job. */
  private startJob(raw: Buffer, type: JobType<C>): void {
    const job = decodeFetched(raw, type.name);
    if (!(job instanceof Error)) {
      job.raw = raw;
      this.busy++;
      const slot = this.freeSlots.pop() as number;
      const observer = this.observer!;
      observer.started(slot, job);
      job.checkinSink = { checkin: (j, message) => observer.checkin(slot, j.id, message) };
      void processJob(this.deps!, type, job).finally(() => this.jobDone(slot));
      return;
    }
    const now = this.clock.nowSeconds();
    this.logger.error(
      `dead-lettered a malformed payload from queue "${type.name}": ${job.message}`,
    );
    this.acker!.add(type, raw, 'dead', now, malformedDeadMember(type.name, raw, job.message, now));
  }

  private jobDone(slot: number): void {
    this.observer?.done(slot);
    this.freeSlots.push(slot);
    this.busy--;
    if (this.busy === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    if (this.running) this.schedulePump();
  }

  private resolveDrainIfIdle(got: number): void {
    if (got !== 0 || this.busy !== 0 || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters.splice(0);
    const flushed = Promise.all([this.flushAcks(), this.observer?.flush()]);
    void flushed.then(() => waiters.forEach((resolve) => resolve()));
  }

  /** Resolves true once no job runs, or false when `timeoutMs` passes first. */
  private whenIdle(timeoutMs?: number): Promise<boolean> {
    if (this.busy === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? null : setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        if (timer) clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Writes every queued outcome, retrying while some remain. */
  private async flushAcks(): Promise<void> {
    const acker = this.acker;
    if (!acker) return;
    for (let attempt = 0; attempt < 20; attempt++) {
      await acker.flush();
      if (acker.pending === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    this.logger.error(
      `${acker.pending} job outcome(s) could not be written; the reaper will requeue those jobs`,
    );
  }
}
