/**
 * A health check for load balancers and orchestrators: Redis answers, this process's pool is
 * running with a fresh heartbeat, and (optionally) queue latency and dead-set growth stay under
 * thresholds. Framework-free; the Nest layer wraps it as a terminus-compatible indicator.
 */
import type Redis from 'ioredis';
import { Client } from './client';
import { Clock, systemClock } from './clock';
import { Keys } from './keys';
import { silentLogger } from './logger';

/** Options of {@link createWorkHealthCheck}. */
export interface WorkHealthOptions {
  /** gocraft namespace. */
  namespace: string;
  /** The ioredis client to probe (never closed here). */
  redis: Redis;
  /** This process's pool, when it runs one: it must be started with a fresh heartbeat. */
  pool?: { readonly poolId: string; readonly isStarted: boolean };
  /**
   * Longest wait for Redis to answer the first read (`EXISTS` of the namespace's pool set), and
   * then for the other reads, in ms. Default 1000.
   */
  timeoutMs?: number;
  /** Heartbeat age past which the pool counts as stalled, in seconds. Default 30. */
  maxHeartbeatAgeSeconds?: number;
  /** Down when some queue's oldest job waited longer than this, in seconds. Default: no limit. */
  maxQueueLatencySeconds?: number;
  /**
   * Down when the dead set grew by more than this many jobs within the last minute (measured
   * between checks at least a minute apart). Default: no limit.
   */
  maxDeadGrowthPerMinute?: number;
  /** Source of "now"; defaults to the system clock. */
  clock?: Clock;
}

/** What a check found. `healthy` is false when any part is down; `reason` says which first. */
export interface WorkHealthReport {
  healthy: boolean;
  reason?: string;
  redis: 'up' | 'down';
  pool?: { running: boolean; heartbeatAgeSeconds: number | null };
  maxQueueLatencySeconds?: number;
  deadGrowthPerMinute?: number;
}

const LOST = new Set(['close', 'reconnecting', 'end']);

/** `work`, or a rejection once `timeoutMs` passes: a check must answer even when Redis hangs. */
function within<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Returns a function that runs one health check; it never throws. */
export function createWorkHealthCheck(options: WorkHealthOptions): () => Promise<WorkHealthReport> {
  const keys = new Keys(options.namespace);
  const clock = options.clock ?? systemClock;
  const client = new Client({
    namespace: options.namespace,
    redis: options.redis,
    clock,
    logger: silentLogger,
  });
  let baseline: { at: number; dead: number } | null = null;

  const deadGrowth = async (now: number): Promise<number> => {
    const dead = await options.redis.zcard(keys.dead);
    if (!baseline) baseline = { at: now, dead };
    const elapsed = now - baseline.at;
    const growth = elapsed > 0 ? ((dead - baseline.dead) * 60) / elapsed : 0;
    // A new baseline each minute keeps the rate about the last minute, not since start-up.
    if (elapsed >= 60) baseline = { at: now, dead };
    return Math.max(0, growth);
  };

  const timeoutMs = options.timeoutMs ?? 1000;
  return async () => {
    const { redis } = options;
    // A lost connection is down at once; one still connecting (or lazy) gets the PING's timeout.
    if (LOST.has(redis.status)) {
      return { healthy: false, reason: `Redis connection is ${redis.status}`, redis: 'down' };
    }
    try {
      // A keyed read, not PING: on a Redis Cluster a PING goes to any node, while this one goes
      // to the node holding the namespace (a shard's own node, in sharded mode).
      await within(redis.exists(keys.workerPools), timeoutMs);
    } catch (err) {
      return {
        healthy: false,
        reason: `Redis did not answer: ${(err as Error).message}`,
        redis: 'down',
      };
    }
    const report: WorkHealthReport = { healthy: true, redis: 'up' };
    const down = (reason: string) => {
      if (report.healthy) report.reason = reason;
      report.healthy = false;
    };
    const inspect = async () => {
      const now = clock.nowSeconds();
      const { pool } = options;
      if (pool) {
        const beat = await redis.hget(keys.heartbeat(pool.poolId), 'heartbeat_at');
        const age = beat === null ? null : Math.max(0, now - Number(beat));
        report.pool = { running: pool.isStarted, heartbeatAgeSeconds: age };
        const maxAge = options.maxHeartbeatAgeSeconds ?? 30;
        if (!pool.isStarted) down('the worker pool is not running');
        else if (age === null) down('the worker pool has no heartbeat in Redis');
        else if (age > maxAge) down(`the worker pool's heartbeat is ${age} s old`);
      }
      if (options.maxQueueLatencySeconds !== undefined) {
        const queues = await client.queues();
        const worst = Math.max(0, ...queues.map((q) => q.latency));
        report.maxQueueLatencySeconds = worst;
        if (worst > options.maxQueueLatencySeconds)
          down(`a queue's oldest job has waited ${worst} s`);
      }
      if (options.maxDeadGrowthPerMinute !== undefined) {
        const growth = await deadGrowth(now);
        report.deadGrowthPerMinute = growth;
        if (growth > options.maxDeadGrowthPerMinute)
          down(`the dead set grows by ${growth.toFixed(1)} jobs a minute`);
      }
    };
    try {
      await within(inspect(), timeoutMs);
    } catch (err) {
      down(`reading Redis failed: ${(err as Error).message}`);
    }
    return report;
  };
}
