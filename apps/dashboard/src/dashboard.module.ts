/**
 * The dashboard app's module: WorkModule in read-only mode (no pool) with the admin API at
 * `<base>/api` and the UI at `<base>/api/ui/`, plus a redirect from `<base>/` to the UI.
 */
import { Controller, DynamicModule, Get, Module, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WorkModule } from 'nestjs-gocraft-work';
import type { DashboardConfig } from './dashboard.config';

/** Sends `<base>` and `<base>/` to the UI with a relative Location (right behind a proxy prefix too). */
@Controller()
class RootRedirectController {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  @Get()
  root(@Req() request: { originalUrl?: string; url?: string }, @Res() response: unknown): void {
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    const last = path.endsWith('/') ? '' : `${path.slice(path.lastIndexOf('/') + 1)}/`;
    this.adapterHost.httpAdapter.redirect(response, 302, `${last}api/ui/`);
  }
}

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
          allowedHosts: config.allowedHosts,
          admin: { path: 'api', dashboard: true },
        }),
      ],
      controllers: [RootRedirectController],
    };
  }
}
