/**
 * WorkModule: background jobs on Redis, wire-compatible with gocraft/work.
 * Starts the pool in onApplicationBootstrap, drains it (with a deadline) in
 * beforeApplicationShutdown, and closes the connections it opened in onApplicationShutdown.
 */
import {
  BeforeApplicationShutdown,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Client, Enqueuer, WorkerPool } from './core';
import { WORK_REDIS, WORK_RESOLVED_OPTIONS } from './work.constants';
import { ConfigurableModuleClass } from './work.module-definition';
import { WorkRedis, workProviders } from './work.providers';
import type { ResolvedWorkOptions } from './work.options';
import { WorkEvents } from './work-events';
import { WorkExplorer } from './work.explorer';
import { WorkHealthIndicator } from './health/work-health.indicator';

/** @publicApi */
@Module({
  imports: [DiscoveryModule],
  providers: [...workProviders, WorkExplorer, WorkHealthIndicator],
  exports: [Enqueuer, WorkerPool, Client, WorkEvents, WorkHealthIndicator, WORK_REDIS],
})
export class WorkModule
  extends ConfigurableModuleClass
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(WORK_RESOLVED_OPTIONS) private readonly options: ResolvedWorkOptions,
    @Inject(WORK_REDIS) private readonly redis: WorkRedis,
    private readonly pool: WorkerPool<any>,
    private readonly events: WorkEvents,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runPool) await this.pool.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.pool.stop({ timeoutMs: this.options.shutdownTimeoutMs });
    this.events.complete();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis.owned) return;
    const client = this.redis.client;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }
}
