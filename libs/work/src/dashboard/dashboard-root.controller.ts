/**
 * The standalone dashboard's page at `<base>/`, its assets at `<base>/assets/*` and a favicon at
 * `<base>/favicon.ico`, with the admin API at `<base>/api` (the page is told so in its `work-api`
 * meta). `<base>` without a slash redirects to `<base>/` (relative Location: right behind a proxy
 * prefix too). The standalone app has no `authorize`: it listens on loopback unless told otherwise.
 */
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { UiAssets } from './ui-assets';
import { sendUiAsset, withApiBase } from './ui-response';

interface RootRequest {
  originalUrl?: string;
  url?: string;
}

/** Serves the UI at the app's root; used by the standalone dashboard. */
@Controller()
export class DashboardRootController {
  private readonly assets = new UiAssets();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The page (with the API at `api/`). */
  @Get()
  index(@Req() request: RootRequest, @Res() response: unknown): void {
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (!path.endsWith('/')) {
      this.adapterHost.httpAdapter.redirect(
        response,
        301,
        `${path.slice(path.lastIndexOf('/') + 1)}/`,
      );
      return;
    }
    sendUiAsset(this.adapterHost.httpAdapter, response, withApiBase(this.assets.index(), 'api/'));
  }

  /** The favicon browsers ask for at the root. */
  @Get('favicon.ico')
  favicon(@Res() response: unknown): void {
    const icon = this.assets.asset('favicon.svg');
    if (!icon) throw new NotFoundException({ error: 'no favicon' });
    sendUiAsset(this.adapterHost.httpAdapter, response, icon);
  }

  /** The bundle; 404 for any other name. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: unknown): void {
    const asset = this.assets.asset(file);
    if (!asset) throw new NotFoundException({ error: `no dashboard asset named "${file}"` });
    sendUiAsset(this.adapterHost.httpAdapter, response, asset);
  }
}
