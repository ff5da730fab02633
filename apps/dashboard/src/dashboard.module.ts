/**
 * The dashboard app's module: WorkModule without a pool, the admin API at `<base>/api`, the UI at
 * `<base>/` (and, as before, at `<base>/api/ui/`).
 */
import { DynamicModule, Module } from '@nestjs/common';
import { DashboardRootController, WorkModule } from 'nestjs-gocraft-work';
import type { DashboardConfig } from './dashboard.config';

@Module({})
export class DashboardModule {
  static forConfig(config: DashboardConfig): DynamicModule {
    return {
      module: DashboardModule,
      imports: [
        WorkModule.forRoot({
          redis: config.redisUrl,
          namespace: config.namespace,
          runPool: false,
          logger: false,
          admin: { path: 'api', dashboard: true, readOnly: config.readOnly },
        }),
      ],
      controllers: [DashboardRootController],
    };
  }
}
