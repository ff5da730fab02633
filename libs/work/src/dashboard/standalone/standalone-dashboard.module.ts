/**
 * The standalone dashboard's root module: WorkModule without a pool, the admin API at
 * `<base>/api`, and the UI at `<base>/` (also at `<base>/api/ui/`).
 */
import { DynamicModule, Module } from '@nestjs/common';
import { WorkModule } from '../../work.module';
import { DashboardRootController } from '../dashboard-root.controller';

/** Root module of {@link serveDashboard}'s app. */
@Module({})
export class StandaloneDashboardModule {
  /**
   * The module for one Redis and namespace, answering only to `allowedHosts`; `readOnly` refuses
   * every change (403).
   */
  static forNamespace(
    redisUrl: string,
    namespace: string,
    allowedHosts: string[],
    readOnly = false,
  ): DynamicModule {
    return {
      module: StandaloneDashboardModule,
      imports: [
        WorkModule.forRoot({
          redis: redisUrl,
          namespace,
          runPool: false,
          allowedHosts,
          logger: false,
          admin: { path: 'api', dashboard: true, readOnly },
        }),
      ],
      controllers: [DashboardRootController],
    };
  }
}
