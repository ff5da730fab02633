/**
 * Serves the dashboard's single-page app at `<admin path>/ui/` next to the admin JSON API, behind
 * the same guard (`authorize` and the cross-site rule). The page calls the API with relative URLs
 * (`../queues`), so it works under any sub-path, global prefix or reverse-proxy prefix.
 */
import {
  Controller,
  Get,
  NotFoundException,
  OnModuleInit,
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
import { dashboardPage, serveDashboardWithTrailingSlash } from './fastify-trailing-slash';
import { sendUiAsset, withoutTrailingSlash } from './ui-response';
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
export class WorkDashboardController implements OnModuleInit {
  private readonly assets = new UiAssets();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Under Fastify, routes `…/ui/` to the page (see fastify-trailing-slash.ts). */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') serveDashboardWithTrailingSlash(adapter.getInstance());
  }

  /**
   * The page, at `…/ui/` where its relative URLs (`../queues`, `assets/app.js`) resolve. Under
   * Express, `…/ui` redirects there (a relative Location, correct behind any prefix). Under
   * Fastify, which routes `…/ui/` here only through fastify-trailing-slash.ts, `…/ui` serves the
   * page too, with its URLs rewritten for that place.
   */
  @Get()
  @dashboardPage()
  index(@Req() request: UiRequest, @Res() response: unknown): void {
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    const adapter = this.adapterHost.httpAdapter;
    if (!path.endsWith('/') && adapter.getType() !== 'fastify') {
      const query = (request.originalUrl ?? request.url ?? '').split('?')[1];
      adapter.redirect(response, 301, `ui/${query ? `?${query}` : ''}`);
      return;
    }
    const index = this.read(() => this.assets.index());
    this.send(response, path.endsWith('/') ? index : withoutTrailingSlash(index));
  }

  /** The bundle (app.js, app.css); 404 for any other name. */
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: unknown): void {
    const asset = this.read(() => this.assets.asset(file));
    if (!asset) throw new NotFoundException({ error: `no dashboard asset named "${file}"` });
    this.send(response, asset);
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
