/**
 * The background processes of a started pool (spec §7): heartbeater, observer flushes, the retry
 * and scheduled requeuers, the dead-pool reaper and the periodic enqueuer, started and stopped
 * together with gocraft-compatible timings.
 */
import type Redis from 'ioredis';
import { Client } from './client';
import type { TrimDeadJobsOptions } from './client-types';
import type { Clock } from './clock';
import { DeadPoolReaper } from './dead-pool-reaper';
import { Heartbeater, HeartbeatInfo } from './heartbeater';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { Observer } from './observer';
import { PeriodicEnqueuer } from './periodic-enqueuer';
import { PeriodicTask } from './periodic-task';
import type { StatsCounter } from './stats';
import { Requeuer } from './requeuer';

/** Timing options of the background processes; all have gocraft-compatible defaults. */
export interface PoolTimings {
  /** Heartbeat period. Default 5000 ms (Go reapers call a pool dead after 10 s). */
  heartbeatIntervalMs?: number;
  /** Beat from a worker thread so a blocked event loop cannot stop it. Default true. */
  heartbeatInThread?: boolean;
  /** How often busy-worker observations are written. Default 1000 ms. */
  observeIntervalMs?: number;
  /** How often due retry and scheduled jobs are moved to their queues. Default 1000 ms. */
  requeueIntervalMs?: number;
  /** How often the dead-pool reaper runs (plus up to 5 s of jitter). Default 15000 ms. */
  reapIntervalMs?: number;
  /** Heartbeat age after which our reaper calls a pool dead. Default 30 s. */
  deadAfterSeconds?: number;
  /** Delay before a pool id absent from worker_pools counts as an orphan. Default 15000 ms. */
  orphanGraceMs?: number;
  /**
   * Dead-set retention, enforced with each reaper pass (O(log n) plus what is removed): keep at
   * most `maxJobs` dead jobs, none older than `maxAgeSeconds`. Default 10,000 jobs and 180 days
   * (Sidekiq's); `false` keeps everything, as gocraft does.
   */
  deadRetention?: TrimDeadJobsOptions | false;
}

export interface PoolServicesDeps {
  keys: Keys;
  redis: Redis;
  clock: Clock;
  logger: WorkLogger;
  info: HeartbeatInfo;
  threadRedis?: string | Record<string, unknown>;
  /** Outcome counters, flushed with the observations. */
  stats?: StatsCounter;
  /** Periodic jobs to enqueue (every pool runs the periodic enqueuer, as in gocraft). */
  periodic: ReadonlyArray<{ spec: string; jobName: string }>;
  /** IANA zone of the periodic schedules; default the process's. */
  timeZone?: string;
  /** Fixed time between periodic passes; default gocraft's. */
  periodicPeriodMs?: number;
  /** Whether the pool can still fetch; the heartbeat stops while it cannot (see Heartbeater). */
  healthy?: () => boolean;
  /** Whether the server takes allow-oom flagged scripts (Redis 7+). */
  allowOom?: () => boolean;
}

export class PoolServices {
  private readonly heartbeater: Heartbeater;
  private readonly tasks: PeriodicTask[];
  /** The reaper, exposed so a test or an operator can run a pass on demand. */
  readonly reaper: DeadPoolReaper;
  /** The busy-worker observer the pool reports to. */
  readonly observer: Observer;
  private readonly periodic: PeriodicEnqueuer;

  constructor(
    private readonly deps: PoolServicesDeps,
    private readonly timings: PoolTimings = {},
  ) {
    const { keys, redis, clock, logger, info } = deps;
    const observer = new Observer(keys, redis, clock, info.workerIds);
    this.observer = observer;
    this.periodic = new PeriodicEnqueuer({
      keys,
      redis,
      clock,
      logger,
      timeZone: deps.timeZone,
      periodMs: deps.periodicPeriodMs,
    });
    for (const { spec, jobName } of deps.periodic) this.periodic.register(spec, jobName);
    this.heartbeater = new Heartbeater({
      keys,
      redis,
      clock,
      logger,
      info,
      intervalMs: timings.heartbeatIntervalMs,
      inThread: timings.heartbeatInThread,
      threadRedis: deps.threadRedis,
      healthy: deps.healthy,
      allowOom: deps.allowOom,
    });
    this.reaper = new DeadPoolReaper({
      keys,
      redis,
      clock,
      logger,
      deadAfterSeconds: timings.deadAfterSeconds,
      orphanGraceMs: timings.orphanGraceMs,
      selfId: info.poolId,
    });
    const requeuers = [keys.retry, keys.scheduled].map(
      (zset) => new Requeuer({ zset, keys, redis, clock, jobNames: info.jobNames }),
    );
    const retention = timings.deadRetention === false ? null : (timings.deadRetention ?? {});
    const client = new Client({ namespace: keys.prefix, redis, clock, logger });
    const report = (what: string) => (err: Error) => logger.error(`${what} failed: ${err.message}`);
    this.tasks = [
      new PeriodicTask(
        async () => {
          await observer.flush();
          await deps.stats?.flush();
        },
        timings.observeIntervalMs ?? 1000,
        report('writing worker observations and counters'),
      ),
      new PeriodicTask(
        async () => {
          for (const r of requeuers) await r.requeue();
        },
        timings.requeueIntervalMs ?? 1000,
        report('requeueing due jobs'),
      ),
      new PeriodicTask(
        async () => {
          await this.reaper.reap();
          if (retention) await client.trimDeadJobs(retention);
        },
        timings.reapIntervalMs ?? 15_000,
        report('reaping dead pools'),
        5000,
      ),
    ];
  }

  /** Writes the first heartbeat, then starts every loop. */
  async start(): Promise<void> {
    await this.heartbeater.start();
    for (const task of this.tasks) task.start();
    this.periodic.start();
  }

  /**
   * Stops every loop, writes the last observations, and removes the heartbeat. With `offline`
   * (Redis unreachable) it skips the writes rather than wait for a connection that is not there;
   * the heartbeat then goes stale and the pool is reaped like a crashed one.
   */
  async stop(offline = false): Promise<void> {
    // Every loop is told to stop at once (synchronously); then each in-flight pass is awaited.
    await Promise.all([this.periodic.stop(), ...this.tasks.map((task) => task.stop())]);
    if (!offline) {
      await this.observer.flush();
      await this.deps.stats?.flush().catch(() => undefined);
    }
    await this.heartbeater.stop(offline);
  }
}
