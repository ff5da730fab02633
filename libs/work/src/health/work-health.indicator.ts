/**
 * The module's health check in the shape @nestjs/terminus expects (`{ [key]: { status, … } }`,
 * `status: 'down'` failing the check), without importing terminus: it stays an optional peer.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  createWorkHealthCheck,
  shardNamespaces,
  ShardedWorkerPool,
  WorkerPool,
  WorkerPoolApi,
  WorkHealthOptions,
  WorkHealthReport,
} from '../core';
import { WORK_CONNECTION, WORK_POOL, WORK_RESOLVED_OPTIONS } from '../work.constants';
import type { WorkRedis } from '../work.interfaces';

/** Thresholds of one indicator key; see {@link WorkHealthOptions}. */
export type WorkHealthThresholds = Pick<
  WorkHealthOptions,
  'timeoutMs' | 'maxHeartbeatAgeSeconds' | 'maxQueueLatencySeconds' | 'maxDeadGrowthPerMinute'
>;

/** A terminus health-indicator result for one key. */
export type WorkHealthIndicatorResult = Record<
  string,
  { status: 'up' | 'down' } & Omit<WorkHealthReport, 'healthy'>
>;

/**
 * Checks Redis, this process's pool (when it runs one) and optional thresholds:
 * `health.check([() => work.isHealthy('work', { maxQueueLatencySeconds: 300 })])`.
 * Without terminus, call {@link WorkHealthIndicator.report} and map `healthy` to your own response.
 * @publicApi
 */
@Injectable()
export class WorkHealthIndicator {
  private readonly checks = new Map<string, () => Promise<WorkHealthReport>>();

  /** Made by the module; of its resolved options the indicator reads only these fields. */
  constructor(
    @Inject(WORK_RESOLVED_OPTIONS)
    private readonly options: {
      readonly runPool: boolean;
      readonly engine: { namespace: string };
      readonly shards?: number;
    },
    @Inject(WORK_CONNECTION) private readonly redis: WorkRedis,
    @Inject(WORK_POOL) private readonly pool: WorkerPoolApi<any>,
  ) {}

  /** The plain report (never throws); thresholds are fixed by the first call for each `key`. */
  report(key = 'work', thresholds: WorkHealthThresholds = {}): Promise<WorkHealthReport> {
    let check = this.checks.get(key);
    if (!check) {
      check = this.build(thresholds);
      this.checks.set(key, check);
    }
    return check();
  }

  /** One check of the namespace, or of every shard combined when the module is sharded. */
  private build(thresholds: WorkHealthThresholds): () => Promise<WorkHealthReport> {
    const { engine, runPool, shards } = this.options;
    const checkOf = (namespace: string, pool: WorkerPool<any>) =>
      createWorkHealthCheck({
        namespace,
        redis: this.redis.client,
        pool: runPool ? pool : undefined,
        ...thresholds,
      });
    if (shards === undefined) return checkOf(engine.namespace, this.pool as WorkerPool<any>);
    const pools = (this.pool as ShardedWorkerPool<any>).shards;
    const checks = shardNamespaces(engine.namespace, shards).map((ns, i) => checkOf(ns, pools[i]));
    return async () => combineReports(await Promise.all(checks.map((check) => check())));
  }

  /** The report as a terminus indicator result under `key`. */
  async isHealthy(
    key = 'work',
    thresholds: WorkHealthThresholds = {},
  ): Promise<WorkHealthIndicatorResult> {
    const { healthy, ...details } = await this.report(key, thresholds);
    return { [key]: { status: healthy ? 'up' : 'down', ...details } };
  }
}

/**
 * One report of a sharded module: down when any shard is (the first shard's reason, naming it),
 * the oldest heartbeat, the worst queue latency and the dead-set growth summed.
 */
function combineReports(reports: WorkHealthReport[]): WorkHealthReport {
  const down = reports.findIndex((r) => !r.healthy);
  const combined: WorkHealthReport = {
    healthy: down < 0,
    redis: reports.every((r) => r.redis === 'up') ? 'up' : 'down',
  };
  if (down >= 0) combined.reason = `shard ${down}: ${reports[down].reason}`;
  const pools = reports.flatMap((r) => (r.pool ? [r.pool] : []));
  if (pools.length > 0) {
    const ages = pools.map((p) => p.heartbeatAgeSeconds);
    combined.pool = {
      running: pools.every((p) => p.running),
      heartbeatAgeSeconds: ages.includes(null) ? null : Math.max(...(ages as number[])),
    };
  }
  const latencies = reports.flatMap((r) => r.maxQueueLatencySeconds ?? []);
  if (latencies.length > 0) combined.maxQueueLatencySeconds = Math.max(...latencies);
  const growth = reports.flatMap((r) => r.deadGrowthPerMinute ?? []);
  if (growth.length > 0) combined.deadGrowthPerMinute = growth.reduce((a, b) => a + b, 0);
  return combined;
}
