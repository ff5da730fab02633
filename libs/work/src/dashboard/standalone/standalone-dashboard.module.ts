/**
 * The standalone dashboard's root module: WorkModule without a pool, the admin API at
 * `<base>/api`, and the UI at `<base>/` (also at `<base>/api/ui/`).
 */
import { DynamicModule, Module } from '@nestjs/common';
import type { RedisSource } from '../../core/redis-connection';
import { WorkModule } from '../../work.module';
import { DashboardRootController } from '../dashboard-root.controller';

/** Root module of {@link serveDashboard}'s app. */
@Module({})
export class StandaloneDashboardModule {
  /**
   * The module for one Redis and namespace (sharded when `shards` is set), answering only to
   * `allowedHosts`; `readOnly` refuses every change (403).
   */
  static forNamespace(
    redis: RedisSource,
    namespace: string,
    settings: { allowedHosts: string[]; readOnly?: boolean; shards?: number },
  ): DynamicModule {
    return {
      module: StandaloneDashboardModule,
      imports: [
        WorkModule.forRoot({
          redis,
          namespace,
          ...(settings.shards === undefined ? {} : { shards: settings.shards }),
          runPool: false,
          allowedHosts: settings.allowedHosts,
          logger: false,
          admin: { path: 'api', dashboard: true, readOnly: settings.readOnly ?? false },
        }),
      ],
      controllers: [DashboardRootController],
    };
  }
}
