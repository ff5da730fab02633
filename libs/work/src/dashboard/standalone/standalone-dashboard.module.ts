/**
 * The standalone dashboard's root module: WorkModule without a pool, the admin API at
 * `<base>/api` and the UI at `<base>/api/ui/`, plus a redirect from `<base>/` to the UI.
 */
import { Controller, DynamicModule, Get, Module, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WorkModule } from '../../work.module';

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

/** Root module of {@link serveDashboard}'s app. */
@Module({})
export class StandaloneDashboardModule {
  /** The module for one Redis and namespace. */
  static forNamespace(redisUrl: string, namespace: string): DynamicModule {
    return {
      module: StandaloneDashboardModule,
      imports: [
        WorkModule.forRoot({
          redis: redisUrl,
          namespace,
          runPool: false,
          admin: { path: 'api', dashboard: true },
        }),
      ],
      controllers: [RootRedirectController],
    };
  }
}
