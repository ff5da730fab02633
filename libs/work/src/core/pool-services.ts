/**
 * The background processes of a started pool (spec §7): heartbeater, observer flushes, the retry
 * and scheduled requeuers, the dead-pool reaper and the periodic enqueuer, started and stopped
 * together with gocraft-compatible timings.
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import type { ResolvedPoolOptions } from './engine-options';
import { DeadPoolReaper } from './dead-pool-reaper';
import { deadRetentionOffMessage } from './dead-retention';
import { Heartbeater, HeartbeatInfo } from './heartbeater';
import { LimitWatch } from './limit-watch';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { Observer } from './observer';
import { PeriodicEnqueuer } from './periodic-enqueuer';
import { PeriodicTask } from './periodic-task';
import type { JobMetricsCounter } from './job-metrics';
import type { StatsCounter } from './stats';
import { Requeuer } from './requeuer';
import { trimDeadSet } from './zsets';

/** Most random delay added to each reaper pass. */
const REAP_JITTER_MS = 5000;

export interface PoolServicesDeps {
  keys: Keys;
  redis: Redis;
  clock: Clock;
  logger: WorkLogger;
  info: HeartbeatInfo;
  threadRedis?: string | Record<string, unknown>;
  /** Outcome counters, flushed with the observations. */
  stats?: StatsCounter;
  /** Per-job-name minute metrics, flushed with the counters. */
  jobMetrics?: JobMetricsCounter;
  /** Periodic jobs to enqueue (every pool runs the periodic enqueuer, as in gocraft). */
  periodic: ReadonlyArray<{ spec: string; jobName: string }>;
  /** The MaxConcurrency this pool configured per job name, watched for later overwrites. */
  limits?: ReadonlyMap<string, number>;
  /** Whether the pool can still fetch; the heartbeat stops while it cannot (see Heartbeater). */
  healthy?: () => boolean;
  /** Whether the server takes allow-oom flagged scripts (Redis 7+). */
  allowOom?: () => boolean;
}

/** The resolved pool options the background processes run by. */
export type ServiceTimings = Pick<
  ResolvedPoolOptions<unknown>,
  | 'heartbeatIntervalMs'
  | 'heartbeatInThread'
  | 'observeIntervalMs'
  | 'requeueIntervalMs'
  | 'reapIntervalMs'
  | 'deadAfterSeconds'
  | 'orphanGraceMs'
  | 'deadRetention'
  | 'timeZone'
  | 'periodicPeriodMs'
>;

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
    timings: ServiceTimings,
  ) {
    const { keys, redis, clock, logger, info } = deps;
    const observer = new Observer(keys, redis, clock, info.workerIds);
    this.observer = observer;
    this.periodic = new PeriodicEnqueuer({
      keys,
      redis,
      clock,
      logger,
      timeZone: timings.timeZone,
      periodMs: timings.periodicPeriodMs,
    });
    for (const { spec, jobName } of deps.periodic) this.periodic.register(spec, jobName);
    this.heartbeater = new Heartbeater({
      keys,
      redis,
      clock,
      logger,
      info: {
        ...info,
        periodic: deps.periodic,
        // Only written with schedules (heartbeatFields); asking for it finds the local zone.
        timeZone: deps.periodic.length > 0 ? this.periodic.timeZone : undefined,
      },
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
    const retention = timings.deadRetention;
    if (retention === undefined) logger.log(deadRetentionOffMessage());
    const limits = deps.limits && new LimitWatch(redis, keys, deps.limits, logger);
    const report = (what: string) => (err: Error) => logger.error(`${what} failed: ${err.message}`);
    this.tasks = [
      new PeriodicTask(
        async () => {
          await observer.flush();
          await deps.stats?.flush();
          await deps.jobMetrics?.flush(redis);
        },
        timings.observeIntervalMs,
        report('writing worker observations and counters'),
      ),
      new PeriodicTask(
        async () => {
          for (const r of requeuers) await r.requeue();
        },
        timings.requeueIntervalMs,
        report('requeueing due jobs'),
      ),
      new PeriodicTask(
        async () => {
          await limits?.check();
          await this.reaper.reap();
          if (retention) await trimDeadSet(redis, keys, clock.nowSeconds(), retention, logger);
        },
        timings.reapIntervalMs,
        report('reaping dead pools'),
        // Spreads pools apart; a short interval (tests, small deployments) gets a short jitter.
        Math.min(REAP_JITTER_MS, Math.floor(timings.reapIntervalMs / 3)),
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
      await this.deps.jobMetrics?.flush(this.deps.redis).catch(() => undefined);
    }
    await this.heartbeater.stop(offline);
  }
}
