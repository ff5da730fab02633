/**
 * The module's health check in the shape @nestjs/terminus expects (`{ [key]: { status, … } }`,
 * `status: 'down'` failing the check), without importing terminus: it stays an optional peer.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createWorkHealthCheck, WorkerPool, WorkHealthOptions, WorkHealthReport } from '../core';
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

  /** Made by the module; of its resolved options the indicator reads only these two fields. */
  constructor(
    @Inject(WORK_RESOLVED_OPTIONS)
    private readonly options: { readonly runPool: boolean; readonly engine: { namespace: string } },
    @Inject(WORK_CONNECTION) private readonly redis: WorkRedis,
    @Inject(WORK_POOL) private readonly pool: WorkerPool<any>,
  ) {}

  /** The plain report (never throws); thresholds are fixed by the first call for each `key`. */
  report(key = 'work', thresholds: WorkHealthThresholds = {}): Promise<WorkHealthReport> {
    let check = this.checks.get(key);
    if (!check) {
      check = createWorkHealthCheck({
        namespace: this.options.engine.namespace,
        redis: this.redis.client,
        pool: this.options.runPool ? this.pool : undefined,
        ...thresholds,
      });
      this.checks.set(key, check);
    }
    return check();
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
