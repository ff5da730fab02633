/**
 * The admin JSON API: gocraft workwebui's routes with its shapes (spec §9.1), its bugs fixed
 * (`[]` not null, 4xx JSON errors instead of 500), plus routes for the Client's additions.
 * Mounted under the `admin.path` extra by RouterModule; all Redis work is the Client's.
 */
import {
  BadRequestException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ClientApi, JobSet, NotFoundError } from '../core';
import type {
  AdminOk,
  DeadJob,
  FoundJob,
  JobPage,
  Queue,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  Stats,
  WorkerObservation,
  WorkerPoolHeartbeat,
} from './admin-api-types';
import { NOTHING_DELETED, NOTHING_RETRIED } from '../core/client-errors';
import { WORK_CLIENT } from '../work.constants';
import { WorkAdminExceptionFilter } from './work-admin.filter';
import { WorkAdminGuard } from './work-admin.guard';
import { confirmQueueDeletionMessage, jobNotFoundMessage } from './work-admin.messages';
import { NonEmptyPipe, OrderPipe, PagePipe, PageSizePipe, ScorePipe } from './work-admin.pipes';
import { WorkAdminAvailabilityInterceptor } from './work-admin.availability';

const OK: AdminOk = { status: 'ok' };
const NOTHING_QUEUED = 'nothing queued';

/**
 * Runs a single-job operation; when nothing matched, answers 404 with gocraft's short text as
 * `error` (what workwebui's clients look for) and the Client's full message as `detail`.
 */
async function orNothing(operation: Promise<void>, nothing: string): Promise<AdminOk> {
  try {
    await operation;
    return OK;
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new NotFoundException({ error: nothing, detail: err.message });
    }
    throw err;
  }
}

/**
 * gocraft workwebui's JSON routes and ours, relative to the configured admin path
 * (see docs/admin-api.md).
 * @publicApi
 */
@Controller()
@UseGuards(WorkAdminGuard)
@UseFilters(WorkAdminExceptionFilter)
@UseInterceptors(WorkAdminAvailabilityInterceptor)
export class WorkAdminController {
  constructor(@Inject(WORK_CLIENT) private readonly client: ClientApi) {}

  // ---- gocraft's reads ----

  /** Every known job name, sorted, with its queue length, latency and pause state. */
  @Get('queues')
  queues(): Promise<Queue[]> {
    return this.client.queues();
  }

  /**
   * Processed and failed counts kept by our pools: totals, the last `seconds` (default 300, max
   * 3600) per-second buckets and the last `minutes` (default 180, max 2880) per-minute buckets.
   */
  @Get('stats')
  stats(@Query('seconds') seconds?: string, @Query('minutes') minutes?: string): Promise<Stats> {
    const asNumber = (v: string | undefined, fallback: number) =>
      v === undefined ? fallback : /^\d+$/.test(v) ? Number(v) : NaN;
    return this.client.stats(asNumber(seconds, 300), asNumber(minutes, 180));
  }

  /**
   * Per-minute runs, failures and run-time percentiles per job name for the Metrics page:
   * `?minutes=` (1..1440, default 60) and an optional `?job=` name.
   */
  @Get('metrics/jobs')
  jobMetrics(@Query('minutes') minutes?: string, @Query('job') job?: string) {
    const window = minutes === undefined ? 60 : /^\d+$/.test(minutes) ? Number(minutes) : NaN;
    return this.client.jobMetrics(window, job);
  }

  /** Every worker pool's heartbeat, sorted by pool id (`[]` when none). */
  @Get('worker_pools')
  workerPools(): Promise<WorkerPoolHeartbeat[]> {
    return this.client.workerPoolHeartbeats();
  }

  /** Workers running a job right now; `[]` when all are idle (gocraft sent `null`). */
  @Get('busy_workers')
  async busyWorkers(): Promise<WorkerObservation[]> {
    return (await this.client.workerObservations()).filter((worker) => worker.is_busy);
  }

  /** One page of jobs waiting to be retried, soonest first (`?order=desc`: latest first). */
  @Get('retry_jobs')
  retryJobs(
    @Query('page', PagePipe) page: number,
    @Query('page_size', PageSizePipe) pageSize?: number,
    @Query('order', OrderPipe) order?: 'asc' | 'desc',
  ): Promise<JobPage<RetryJob>> {
    return this.client.retryJobs(page, pageSize, order);
  }

  /** One page of jobs scheduled for later, soonest first (`?order=desc`: latest first). */
  @Get('scheduled_jobs')
  scheduledJobs(
    @Query('page', PagePipe) page: number,
    @Query('page_size', PageSizePipe) pageSize?: number,
    @Query('order', OrderPipe) order?: 'asc' | 'desc',
  ): Promise<JobPage<ScheduledJobEntry>> {
    return this.client.scheduledJobs(page, pageSize, order);
  }

  /** One page of dead jobs, oldest death first (`?order=desc`: newest first). */
  @Get('dead_jobs')
  deadJobs(
    @Query('page', PagePipe) page: number,
    @Query('page_size', PageSizePipe) pageSize?: number,
    @Query('order', OrderPipe) order?: 'asc' | 'desc',
  ): Promise<JobPage<DeadJob>> {
    return this.client.deadJobs(page, pageSize, order);
  }

  // ---- gocraft's mutations (200, not Nest's default 201, as workwebui) ----

  /** Deletes one dead job; 404 `nothing deleted` when none matches. */
  @Post('delete_dead_job/:died_at/:job_id')
  @HttpCode(200)
  deleteDeadJob(
    @Param('died_at', ScorePipe) diedAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.deleteDeadJob(diedAt, id), NOTHING_DELETED);
  }

  /** Puts one dead job back on its queue; 404 `nothing retried`, 409 when no pool knows its name. */
  @Post('retry_dead_job/:died_at/:job_id')
  @HttpCode(200)
  retryDeadJob(
    @Param('died_at', ScorePipe) diedAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.retryDeadJob(diedAt, id), NOTHING_RETRIED);
  }

  /** Deletes every dead job; `deleted` is how many there were. */
  @Post('delete_all_dead_jobs')
  @HttpCode(200)
  async deleteAllDeadJobs(): Promise<AdminOk<{ deleted: number }>> {
    return { ...OK, deleted: await this.client.deleteAllDeadJobs() };
  }

  /** Deletes every retry job; `deleted` is how many there were. */
  @Post('delete_all_retry_jobs')
  @HttpCode(200)
  async deleteAllRetryJobs(): Promise<AdminOk<{ deleted: number }>> {
    return { ...OK, deleted: await this.client.deleteAllJobs('retry') };
  }

  /** Deletes every scheduled job; `deleted` is how many there were. */
  @Post('delete_all_scheduled_jobs')
  @HttpCode(200)
  async deleteAllScheduledJobs(): Promise<AdminOk<{ deleted: number }>> {
    return { ...OK, deleted: await this.client.deleteAllJobs('scheduled') };
  }

  /** Runs every retry job now (to its queue, keeping its fails); unknown names stay (`left`). */
  @Post('run_all_retry_jobs')
  @HttpCode(200)
  async runAllRetryJobs(): Promise<AdminOk<{ moved: number; left: number }>> {
    return { ...OK, ...(await this.client.runAllJobsNow('retry')) };
  }

  /** Runs every scheduled job now; unknown names stay (`left`). */
  @Post('run_all_scheduled_jobs')
  @HttpCode(200)
  async runAllScheduledJobs(): Promise<AdminOk<{ moved: number; left: number }>> {
    return { ...OK, ...(await this.client.runAllJobsNow('scheduled')) };
  }

  /** Puts every dead job back on its queue; unknown names stay dead (counted in `unknown`). */
  @Post('retry_all_dead_jobs')
  @HttpCode(200)
  async retryAllDeadJobs(): Promise<AdminOk<RetryDeadResult>> {
    return { ...OK, ...(await this.client.retryAllDeadJobs()) };
  }

  // ---- the Client's additions ----

  /** Deletes one retry job; 404 `nothing deleted`. */
  @Post('delete_retry_job/:retry_at/:job_id')
  @HttpCode(200)
  deleteRetryJob(
    @Param('retry_at', ScorePipe) retryAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.deleteRetryJob(retryAt, id), NOTHING_DELETED);
  }

  /** Deletes one scheduled job and releases its unique key; 404 `nothing deleted`. */
  @Post('delete_scheduled_job/:run_at/:job_id')
  @HttpCode(200)
  deleteScheduledJob(
    @Param('run_at', ScorePipe) runAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.deleteScheduledJob(runAt, id), NOTHING_DELETED);
  }

  /** Moves one retry job to its queue now; 404 `nothing queued`, 409 for an unknown name. */
  @Post('run_retry_job/:retry_at/:job_id')
  @HttpCode(200)
  runRetryJob(
    @Param('retry_at', ScorePipe) retryAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.runRetryJobNow(retryAt, id), NOTHING_QUEUED);
  }

  /** Moves one scheduled job to its queue now; 404 `nothing queued`, 409 for an unknown name. */
  @Post('run_scheduled_job/:run_at/:job_id')
  @HttpCode(200)
  runScheduledJob(
    @Param('run_at', ScorePipe) runAt: number,
    @Param('job_id', NonEmptyPipe) id: string,
  ): Promise<AdminOk> {
    return orNothing(this.client.runScheduledJobNow(runAt, id), NOTHING_QUEUED);
  }

  /** Puts every dead job of one name back on its queue; 409 when no pool knows the name. */
  @Post('retry_dead_jobs/:job_name')
  @HttpCode(200)
  async retryDeadJobsByName(
    @Param('job_name', NonEmptyPipe) name: string,
  ): Promise<AdminOk<RetryDeadResult>> {
    return { ...OK, ...(await this.client.retryDeadJobsByName(name)) };
  }

  /** Stops every pool (Go's too) from fetching jobs of this name; enqueueing still works. */
  @Post('pause/:job_name')
  @HttpCode(200)
  async pause(@Param('job_name', NonEmptyPipe) name: string): Promise<AdminOk> {
    await this.client.pauseJob(name);
    return OK;
  }

  /** Lets pools fetch jobs of this name again. */
  @Post('unpause/:job_name')
  @HttpCode(200)
  async unpause(@Param('job_name', NonEmptyPipe) name: string): Promise<AdminOk> {
    await this.client.unpauseJob(name);
    return OK;
  }

  /**
   * Empties the queue of one name; `deleted` is how many jobs it held. `?confirm=` must repeat
   * the name, so a mistyped or replayed URL cannot wipe a queue.
   */
  @Post('delete_queue/:job_name')
  @HttpCode(200)
  async deleteQueue(
    @Param('job_name', NonEmptyPipe) name: string,
    @Query('confirm') confirm: unknown,
  ): Promise<AdminOk<{ deleted: number }>> {
    if (confirm !== name)
      throw new BadRequestException({ error: confirmQueueDeletionMessage(name) });
    return { ...OK, deleted: await this.client.deleteQueue(name) };
  }

  /**
   * Finds a job by id in retry, scheduled or dead: `{set, score, job}`; 404 when in none. With
   * `?set=` and `?score=` (where a listing showed it) the lookup costs O(log n) unless it moved.
   */
  @Get('jobs/:job_id')
  async findJob(
    @Param('job_id', NonEmptyPipe) id: string,
    @Query('set') set?: string,
    @Query('score') score?: string,
  ): Promise<FoundJob> {
    const known = set === 'retry' || set === 'scheduled' || set === 'dead';
    const at =
      known && score !== undefined && /^-?\d+$/.test(score)
        ? { set: set as JobSet, score: Number(score) }
        : undefined;
    const found = await this.client.findJob(id, at);
    if (!found) throw new NotFoundException({ error: jobNotFoundMessage(id) });
    return found;
  }
}
