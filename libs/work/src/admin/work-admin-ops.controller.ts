/**
 * The admin routes an operator's dashboard or CLI needs beyond gocraft's: server-side search with
 * a cursor, bulk actions limited to what a filter selects (the counts a search shows are the
 * counts these act on), the Redis summary, and the mount's settings. Mounted next to
 * {@link WorkAdminController} under the same path, guard and filter.
 */
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Optional,
  Param,
  ParseEnumPipe,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ClientApi,
  JobFilter,
  JobSet,
  PeriodicSchedule,
  RedisSummary,
  RetryDeadResult,
  SearchJobsPage,
} from '../core';
import { WorkAdminAvailabilityInterceptor } from './work-admin.availability';
import { WorkAdminExceptionFilter } from './work-admin.filter';
import { WorkAdminGuard } from './work-admin.guard';
import { CountPipe, OrderPipe } from './work-admin.pipes';
import { WORK_ADMIN_SETTINGS, WorkAdminSettings } from './work-admin.settings';
import { WORK_CLIENT } from '../work.constants';
import type { AdminOk } from './admin-api-types';

const SETS = ['retry', 'scheduled', 'dead'] as const;
const MOVABLE = ['retry', 'scheduled'] as const;

/** `?name=` and `?q=` as a filter; empty values mean "any". */
function filterOf(name?: string, q?: string): JobFilter {
  return { name: name || undefined, q: q || undefined };
}

/**
 * Search, filtered bulk actions, Redis summary and settings (see docs/admin-api.md).
 * @publicApi
 */
@Controller()
@UseGuards(WorkAdminGuard)
@UseFilters(WorkAdminExceptionFilter)
@UseInterceptors(WorkAdminAvailabilityInterceptor)
export class WorkAdminOpsController {
  constructor(
    @Inject(WORK_CLIENT) private readonly client: ClientApi,
    @Optional()
    @Inject(WORK_ADMIN_SETTINGS)
    private readonly settings: WorkAdminSettings = { readOnly: false },
  ) {}

  /** What the dashboard adapts to: `{read_only}`. */
  @Get('settings')
  getSettings(): { read_only: boolean } {
    return { read_only: this.settings.readOnly };
  }

  /** Every periodic schedule the running pools advertise, with its next three fire times. */
  @Get('periodic')
  periodic(): Promise<PeriodicSchedule[]> {
    return this.client.periodicSchedules();
  }

  /** Version, memory, eviction policy (with a warning), clients, uptime, namespace keys. */
  @Get('redis')
  redis(): Promise<RedisSummary> {
    return this.client.redisSummary();
  }

  /**
   * One bounded step of a search of a set (`?name=`, `?q=`, `?cursor=`, `?order=desc|asc`,
   * `?limit=` 0..1000 where 0 only counts, `?budget=` members read, default 10000).
   */
  @Get('search/:set')
  search(
    @Param('set', new ParseEnumPipe(SETS)) set: JobSet,
    @Query('name') name?: string,
    @Query('q') q?: string,
    @Query('cursor', new CountPipe(0, Number.MAX_SAFE_INTEGER)) cursor?: number,
    @Query('order', OrderPipe) order?: 'asc' | 'desc',
    @Query('limit', new CountPipe(0, 1000)) limit?: number,
    @Query('budget', new CountPipe(1, 100_000)) budget?: number,
  ): Promise<SearchJobsPage> {
    return this.client.searchJobs(set, { ...filterOf(name, q), cursor, order, limit, budget });
  }

  /** Retries the dead jobs `?name=` and `?q=` select (all without either). */
  @Post('retry_matching_dead_jobs')
  @HttpCode(200)
  async retryMatchingDead(
    @Query('name') name?: string,
    @Query('q') q?: string,
  ): Promise<AdminOk<RetryDeadResult>> {
    return { status: 'ok', ...(await this.client.retryDeadJobsMatching(filterOf(name, q))) };
  }

  /** Deletes the jobs of a set that `?name=` and `?q=` select (all without either). */
  @Post('delete_matching/:set')
  @HttpCode(200)
  async deleteMatching(
    @Param('set', new ParseEnumPipe(SETS)) set: JobSet,
    @Query('name') name?: string,
    @Query('q') q?: string,
  ): Promise<AdminOk<{ deleted: number }>> {
    return {
      status: 'ok',
      deleted: await this.client.deleteMatchingJobs(set, filterOf(name, q)),
    };
  }

  /** Runs now the retry or scheduled jobs `?name=` and `?q=` select; `left` counts what stayed. */
  @Post('run_matching/:set')
  @HttpCode(200)
  async runMatching(
    @Param('set', new ParseEnumPipe(MOVABLE)) set: 'retry' | 'scheduled',
    @Query('name') name?: string,
    @Query('q') q?: string,
  ): Promise<AdminOk<{ moved: number; left: number }>> {
    return { status: 'ok', ...(await this.client.runAllJobsNow(set, filterOf(name, q))) };
  }
}
