/**
 * Writes the pool's heartbeat (spec §7.1): the pool id in `worker_pools` and the hash
 * `worker_pools:<id>` with gocraft's seven fields, every 5 s, and removes both on stop.
 * Go reapers treat a heartbeat 10 s old as dead, so by default a worker thread stands by that a
 * blocked event loop cannot delay: it writes the beats itself while the main loop is stalled (see
 * heartbeat-thread.ts). With an injected clock (tests) there is no thread, so `heartbeat_at`
 * follows that clock.
 */
import { hostname } from 'node:os';
import type Redis from 'ioredis';
import type { Clock } from './clock';
import { HeartbeatThread, LOOP_TICK_MS, startHeartbeatThread } from './heartbeat-thread';
import { ALLOW_OOM_SHEBANG, defineScripts, writeHeartbeat } from './lua';
import { HEARTBEAT_LUA } from './lua/heartbeat.lua';
import { ENGINE_DEFAULTS } from './engine-options';
import type { Keys } from './keys';
import type { WorkLogger } from './logger';
import { PeriodicTask } from './periodic-task';

/** What a heartbeat says about a pool. */
export interface HeartbeatInfo {
  poolId: string;
  jobNames: string[];
  concurrency: number;
  workerIds: string[];
  /** The pool's periodic schedules, advertised for dashboards (Go pools advertise none). */
  periodic?: ReadonlyArray<{ spec: string; jobName: string }>;
  /** The zone the schedules are read in. */
  timeZone?: string;
}

export interface HeartbeaterOptions {
  keys: Keys;
  redis: Redis;
  clock: Clock;
  logger: WorkLogger;
  info: HeartbeatInfo;
  /** Milliseconds between beats. Default 5000 (gocraft's; Go reapers expect <= 10 s). */
  intervalMs?: number;
  /** Keep a worker thread ready to beat while the event loop is blocked. Default true. */
  inThread?: boolean;
  /** Connection settings for the thread's own connection. */
  threadRedis?: string | Record<string, unknown>;
  /**
   * Whether the pool can still do its work. While false no beat is written, so a pool that cannot
   * fetch (a stalled connection that will not come back) goes stale and other pools reap its
   * jobs, instead of its heartbeat connection keeping it alive for ever. Default: always true.
   */
  healthy?: () => boolean;
  /**
   * Whether the server takes allow-oom flagged scripts (Redis 7+), asked when beating starts: the
   * beats then go on while Redis is full, so a full Redis makes no live pool look dead.
   */
  allowOom?: () => boolean;
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'hostname_errored';
  }
}

/**
 * The heartbeat fields in gocraft's order, then ours: `periodic` (JSON `[{job_name, spec}]`) and
 * `time_zone` when the pool has schedules. Go's readers ignore fields they do not know.
 */
export function heartbeatFields(
  info: HeartbeatInfo,
  startedAt: number,
  now: number,
): Array<[string, string]> {
  const periodic: Array<[string, string]> = info.periodic?.length
    ? [
        [
          'periodic',
          JSON.stringify(info.periodic.map((p) => ({ job_name: p.jobName, spec: p.spec }))),
        ],
        ['time_zone', info.timeZone ?? ''],
      ]
    : [];
  return [
    ['heartbeat_at', String(now)],
    ['started_at', String(startedAt)],
    ['job_names', [...info.jobNames].sort().join(',')],
    ['concurrency', String(info.concurrency)],
    ['worker_ids', [...info.workerIds].sort().join(',')],
    ['host', safeHostname()],
    ['pid', String(process.pid)],
    ...periodic,
  ];
}

export class Heartbeater {
  private startedAt = 0;
  private task: PeriodicTask | null = null;
  private thread: HeartbeatThread | null = null;
  /** Tells the thread that the event loop turns, and the pool's health when it changes. */
  private loopTicker: NodeJS.Timeout | null = null;

  constructor(private readonly options: HeartbeaterOptions) {
    defineScripts(options.redis);
  }

  /** Writes the first beat now, then keeps beating. */
  async start(): Promise<void> {
    const { clock, options } = { clock: this.options.clock, options: this.options };
    this.startedAt = clock.nowSeconds();
    await this.beat();
    const intervalMs = options.intervalMs ?? ENGINE_DEFAULTS.heartbeatIntervalMs;
    if ((options.inThread ?? true) && options.threadRedis !== undefined) {
      try {
        const thread = startHeartbeatThread({
          ioredisPath: require.resolve('ioredis'),
          redis: options.threadRedis,
          poolsKey: options.keys.workerPools,
          beatKey: options.keys.heartbeat(options.info.poolId),
          poolId: options.info.poolId,
          fields: heartbeatFields(options.info, this.startedAt, this.startedAt),
          intervalMs,
          script: options.allowOom?.() ? ALLOW_OOM_SHEBANG + HEARTBEAT_LUA : null,
        });
        this.thread = thread;
        let told = true;
        // A blocked event loop sends nothing and the thread keeps beating: blocked is not dead.
        this.loopTicker = setInterval(() => {
          thread.loopTurned();
          const healthy = options.healthy?.() ?? true;
          if (healthy !== told) thread.setHealthy((told = healthy));
        }, LOOP_TICK_MS);
        this.loopTicker.unref();
      } catch (err) {
        options.logger.warn(
          `heartbeat thread unavailable, a blocked event loop will delay beats: ${(err as Error).message}`,
        );
      }
    }
    this.task = new PeriodicTask(
      () => this.beat(),
      intervalMs,
      (err) => options.logger.error(`heartbeat failed: ${err.message}`),
    );
    this.task.start();
  }

  /**
   * Stops beating and removes the pool from worker_pools, its heartbeat hash and its pool_settings
   * entry (unless offline).
   */
  async stop(offline = false): Promise<void> {
    if (this.loopTicker) clearInterval(this.loopTicker);
    this.loopTicker = null;
    await Promise.all([this.task?.stop(), this.thread?.stop()]);
    this.task = null;
    this.thread = null;
    if (offline) return;
    const { keys, redis, info } = this.options;
    await redis
      .pipeline()
      .srem(keys.workerPools, info.poolId)
      .del(keys.heartbeat(info.poolId))
      .hdel(keys.poolSettings, info.poolId)
      .exec();
  }

  private async beat(): Promise<void> {
    const { keys, redis, clock, info, healthy } = this.options;
    if (healthy && !healthy()) return;
    const fields = heartbeatFields(info, this.startedAt, clock.nowSeconds()).flat();
    await writeHeartbeat(redis, keys.workerPools, keys.heartbeat(info.poolId), info.poolId, fields);
    this.thread?.beatWritten();
  }
}
