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
import { closeRedis } from './core/redis-connection';
import type { WorkerPoolApi } from './core';
import { WORK_CONNECTION, WORK_EVENTS, WORK_POOL, WORK_RESOLVED_OPTIONS } from './work.constants';
import { ConfigurableModuleClass } from './work.module-definition';
import type { WorkRedis } from './work.interfaces';
import { workProviders } from './work.providers';
import type { ResolvedWorkOptions } from './work.options';
import type { WorkEvents } from './work-events';
import { WorkExplorer } from './work.explorer';
import { WorkMetadataAccessor } from './work-metadata.accessor';

/** @publicApi */
@Module({
  imports: [DiscoveryModule],
  // Exports depend on the instance's name: see work.module-definition.ts.
  providers: [...workProviders, WorkMetadataAccessor, WorkExplorer],
})
export class WorkModule
  extends ConfigurableModuleClass
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(WORK_RESOLVED_OPTIONS) private readonly options: ResolvedWorkOptions,
    @Inject(WORK_CONNECTION) private readonly redis: WorkRedis,
    @Inject(WORK_POOL) private readonly pool: WorkerPoolApi<any>,
    @Inject(WORK_EVENTS) private readonly events: WorkEvents,
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
    await closeRedis(this.redis.client, this.redis.owned);
  }
}
