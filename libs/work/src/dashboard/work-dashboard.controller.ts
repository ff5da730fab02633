/**
 * Serves the dashboard's single-page app at `<admin path>/ui/` next to the admin JSON API, behind
 * the same guard (`authorize` and the cross-site rule). The page calls the API with relative URLs
 * (`../queues`), so it works under any sub-path, global prefix or reverse-proxy prefix.
 */
import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Req,
  Res,
  ServiceUnavailableException,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WorkAdminExceptionFilter } from '../admin/work-admin.filter';
import { WorkAdminGuard } from '../admin/work-admin.guard';
import { sendUiAsset } from './ui-response';
import { UiAsset, UiAssets } from './ui-assets';

/** The parts of an Express or Fastify request the controller reads. */
interface UiRequest {
  originalUrl?: string;
  url?: string;
}

/**
 * The dashboard's page and assets; mounted by `admin: { path, dashboard: true }`.
 * @publicApi
 */
@Controller('ui')
@UseGuards(WorkAdminGuard)
@UseFilters(WorkAdminExceptionFilter)
export class WorkDashboardController {
  private readonly assets = new UiAssets();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * The page. Without a trailing slash the browser would resolve `../queues` one level too high,
   * so `…/ui` redirects to `…/ui/` (a relative Location, correct behind any prefix).
   */
  @Get()
  index(@Req() request: UiRequest, @Res() response: unknown): void {
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (!path.endsWith('/')) {
      const query = (request.originalUrl ?? request.url ?? '').split('?')[1];
      this.adapterHost.httpAdapter.redirect(response, 301, `ui/${query ? `?${query}` : ''}`);
      return;
    }
    this.send(
      response,
      this.read(() => this.assets.index()),
    );
  }

  /** The bundle (app.js, app.css); 404 for any other name. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: unknown): void {
    const asset = this.read(() => this.assets.asset(file));
    if (!asset) throw new NotFoundException({ error: `no dashboard asset named "${file}"` });
    this.send(response, asset);
  }

  /**
   * `…/ui/` where the adapter tells it apart from `…/ui`: Nest drops a route's trailing slash, and
   * Fastify (unlike Express) then never matches `…/ui/`, so the page is also served from this
   * catch-all, declared last so the asset route keeps precedence. Any deeper path is a 404.
   */
  @Get('*')
  indexWithSlash(@Req() request: UiRequest, @Res() response: unknown): void {
    const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
    if (!path.endsWith('/ui/')) throw new NotFoundException({ error: 'no such dashboard path' });
    this.send(
      response,
      this.read(() => this.assets.index()),
    );
  }

  private read<T>(load: () => T): T {
    try {
      return load();
    } catch (err) {
      throw new ServiceUnavailableException({ error: (err as Error).message });
    }
  }

  private send(response: unknown, asset: UiAsset): void {
    sendUiAsset(this.adapterHost.httpAdapter, response, asset);
  }
}
