/**
 * Inspects and administers a namespace (spec §8, gocraft's Client), plus what gocraft's users
 * asked for: pause, run now, find by id, retry by name, queue deletion and dead-set retention.
 * Every method is safe next to running Go and TypeScript pools; see docs/client.md.
 */
import type Redis from 'ioredis';
import { deleteFilteredJobs, deleteWholeSet, retryDeadJobs, runJobsNow } from './client-bulk';
import { ClientContext, releaseUniqueKeys, zsetKeyOf } from './client-context';
import { UnknownJobError, unknownJobNameMessage } from './client-errors';
import { deleteJobAt, findJobById, retryDeadJobAt, runJobNowAt } from './client-one-job';
import {
  ClientOptions,
  DeadJob,
  DEFAULT_DEAD_MAX_AGE_SECONDS,
  DEFAULT_DEAD_MAX_JOBS,
  FoundJob,
  JobEntry,
  JobLocation,
  JobPage,
  JobSet,
  ListOrder,
  Queue,
  RetryDeadResult,
  RetryJob,
  ScheduledJobEntry,
  SearchJobsOptions,
  SearchJobsPage,
  TrimDeadJobsOptions,
  TrimDeadJobsResult,
  WorkerObservation,
  WorkerPoolHeartbeat,
} from './client-types';
import { readHeartbeats, readObservations, readQueues } from './client-status';
import {
  boundedInt,
  checkJobName,
  checkLimit,
  orderOf,
  pageOf,
  pageSizeOf,
} from './client-validate';
import { readPage, searchZset } from './client-zsets';
import { isFiltering, JobFilter } from './job-filter';
import type { Clock } from './clock';
import { WorkConfigError } from './errors';
import { resolveClientOptions } from './engine-options';
import { Keys } from './keys';
import type { Stats } from './stats';
import { readRedisSummary, RedisSummary } from './redis-info';
import { PeriodicSchedule, readPeriodicSchedules } from './periodic-schedules';
import type { JobMetricsReport } from './job-metrics-report';
import { readCheckedJobMetrics, readCheckedStats } from './client-reports';
import type { WorkLogger } from './logger';
import { defineClientScripts } from './lua/client-scripts';
import { defineScripts } from './lua';
import { closeRedis, connectRedis, OwnedRedis } from './redis-connection';
import { resultOf, trimDeadSet } from './zsets';

/** Reads and administers the jobs of one namespace. */
export class Client {
  private readonly keys: Keys;
  private readonly conn: OwnedRedis;
  private readonly clock: Clock;
  private readonly logger: WorkLogger;
  private readonly pageSize: number;

  /** Checks every option (see {@link resolveClientOptions}); throws a WorkConfigError naming a bad one. */
  constructor(options: ClientOptions) {
    const resolved = resolveClientOptions(options);
    this.pageSize = resolved.pageSize;
    this.keys = new Keys(resolved.namespace);
    this.conn = connectRedis(resolved.redis);
    this.clock = resolved.clock;
    this.logger = resolved.logger;
    defineClientScripts(this.conn.client);
    defineScripts(this.conn.client);
  }

  private get redis(): Redis {
    return this.conn.client;
  }

  /** What the operation modules (client-one-job.ts, client-bulk.ts) work with. */
  private get context(): ClientContext {
    return { redis: this.conn.client, keys: this.keys, clock: this.clock };
  }

  /** Closes the connection if the client opened it. */
  async close(): Promise<void> {
    await closeRedis(this.conn);
  }

  /** Every pool in `NSworker_pools`, sorted by id; pools whose hash is gone have zero values. */
  workerPoolHeartbeats(): Promise<WorkerPoolHeartbeat[]> {
    return readHeartbeats(this.redis, this.keys);
  }

  /** One entry per worker id of every heartbeat (pool order, then sorted ids), busy or not. */
  workerObservations(): Promise<WorkerObservation[]> {
    return readObservations(this.redis, this.keys);
  }

  /** Every name in `NSknown_jobs`, sorted, with its queue length, latency and pause state. */
  queues(): Promise<Queue[]> {
    return readQueues(this.redis, this.keys, this.clock.nowSeconds());
  }

  /** A page (1-based; 0 means 1) of `NSscheduled`, soonest first (`desc`: latest first). */
  scheduledJobs(
    page = 1,
    pageSize?: number,
    order: ListOrder = 'asc',
  ): Promise<JobPage<ScheduledJobEntry>> {
    return this.page(this.keys.scheduled, page, pageSize, order, (run_at, job) => ({
      run_at,
      ...job,
    }));
  }

  /** A page (1-based; 0 means 1) of `NSretry`, soonest retry first (`desc`: latest first). */
  retryJobs(page = 1, pageSize?: number, order: ListOrder = 'asc'): Promise<JobPage<RetryJob>> {
    return this.page(this.keys.retry, page, pageSize, order, (retry_at, job) => ({
      retry_at,
      ...job,
    }));
  }

  /** A page (1-based; 0 means 1) of `NSdead`, oldest death first (`desc`: newest first). */
  deadJobs(page = 1, pageSize?: number, order: ListOrder = 'asc'): Promise<JobPage<DeadJob>> {
    return this.page(this.keys.dead, page, pageSize, order, (died_at, job) => ({
      died_at,
      ...job,
    }));
  }

  /**
   * One bounded step of a server-side search of a set by name and/or text, newest first by
   * default. Pass the returned `cursor` back to continue; summing `matched` over the steps until
   * `cursor` is null counts exactly what the filtered bulk actions
   * ({@link Client.retryDeadJobsMatching}, {@link Client.deleteMatchingJobs}, {@link Client.runAllJobsNow}) select.
   * Cost: O(log n + budget) per step, linear over the whole set.
   */
  searchJobs(set: JobSet, options: SearchJobsOptions = {}): Promise<SearchJobsPage> {
    if (options.name !== undefined) checkJobName(options.name);
    return searchZset(this.redis, zsetKeyOf(this.keys, set), {
      filter: { name: options.name, q: options.q },
      cursor: boundedInt(options.cursor ?? 0, 'cursor', 0, Number.MAX_SAFE_INTEGER),
      order: orderOf(options.order ?? 'desc'),
      limit: boundedInt(options.limit ?? this.pageSize, 'limit', 0, 1000),
      budget: boundedInt(options.budget ?? 10_000, 'budget', 1, 100_000),
    });
  }

  /** Deletes the dead job with that died-at and id; NotFoundError when there is none. */
  async deleteDeadJob(diedAt: number, id: string): Promise<void> {
    await deleteJobAt(this.context, 'dead', diedAt, id);
  }

  /**
   * Deletes the retry job with that retry-at and id; NotFoundError when there is none. No unique
   * key is touched: a retry copy holds none, and the key may belong to a newer duplicate.
   */
  async deleteRetryJob(retryAt: number, id: string): Promise<void> {
    await deleteJobAt(this.context, 'retry', retryAt, id);
  }

  /**
   * Deletes the scheduled job with that run-at and id, and releases its unique key if it is a
   * unique job (its `unique_key`, else the key computed from its args as Go does), so the same
   * unique enqueue succeeds again. NotFoundError when there is none.
   */
  async deleteScheduledJob(runAt: number, id: string): Promise<void> {
    const deleted = await deleteJobAt(this.context, 'scheduled', runAt, id);
    await releaseUniqueKeys(this.context, deleted);
  }

  /**
   * Moves the dead job with that died-at and id to its queue with `t` = now and its failure
   * fields removed. NotFoundError when there is none; UnknownJobError when its name is not in
   * known_jobs (it then stays in dead at now+5 with err "unknown job when requeueing", as in Go);
   * UnencodableJobError when Redis' cjson cannot re-encode it (it stays as it was).
   */
  async retryDeadJob(diedAt: number, id: string): Promise<void> {
    await retryDeadJobAt(this.context, diedAt, id);
  }

  /**
   * Moves every dead job (died at or before now) to its queue, 1000 per script call with one
   * fixed now; jobs of unknown names stay in dead at now+5. Returns the counts.
   */
  retryAllDeadJobs(): Promise<RetryDeadResult> {
    return retryDeadJobs(this.context, {});
  }

  /**
   * Moves every dead job the filter selects (died at or before now) to its queue, reading the set
   * once by rank (linear, 1000 members per script call). An empty filter retries all; unknown
   * names stay in dead at now+5 as for {@link Client.retryAllDeadJobs}.
   */
  retryDeadJobsMatching(filter: JobFilter): Promise<RetryDeadResult> {
    if (filter.name !== undefined && filter.name !== '') checkJobName(filter.name);
    return retryDeadJobs(this.context, {
      name: filter.name || undefined,
      q: filter.q || undefined,
    });
  }

  /**
   * Deletes every job of a set that the filter selects, reading the set once by rank; returns how
   * many were deleted. Scheduled unique jobs release their unique key. An empty filter is a
   * delete-all ({@link Client.deleteAllJobs}, UNLINK).
   */
  async deleteMatchingJobs(set: JobSet, filter: JobFilter): Promise<number> {
    if (!isFiltering(filter)) {
      return set === 'dead' ? this.deleteAllDeadJobs() : this.deleteAllJobs(set);
    }
    if (filter.name) checkJobName(filter.name);
    return deleteFilteredJobs(this.context, set, filter);
  }

  /**
   * Moves every dead job named `name` (died at or before now) to its queue. UnknownJobError,
   * with nothing changed, when the name is not in known_jobs. Cost: reads the whole dead set
   * (1000 members per call), moving only the matches.
   */
  async retryDeadJobsByName(name: string): Promise<RetryDeadResult> {
    checkJobName(name);
    if (!(await this.redis.sismember(this.keys.knownJobs, name))) {
      throw new UnknownJobError(unknownJobNameMessage(name));
    }
    return retryDeadJobs(this.context, { name });
  }

  /**
   * Deletes the whole dead set (`UNLINK NSdead`: Redis frees the memory in the background, so
   * a million members do not block it); returns how many jobs it held.
   */
  deleteAllDeadJobs(): Promise<number> {
    return deleteWholeSet(this.context, 'dead');
  }

  /**
   * Deletes every job of the retry or scheduled set; returns how many it held. Unique keys held by
   * scheduled jobs are left to expire (retry jobs hold none).
   */
  deleteAllJobs(set: 'retry' | 'scheduled'): Promise<number> {
    return deleteWholeSet(this.context, set);
  }

  /**
   * Moves every job of the retry or scheduled set to its queue now (t = now, re-encoded by cjson
   * as the requeuers do), in batches of 100; jobs whose name is not in known_jobs, or that cjson
   * cannot re-encode, stay. With a filter, only the jobs it selects move (`left` then counts the
   * others too). The set is read once by rank: linear however many stay. Returns how many moved
   * and how many stayed.
   */
  async runAllJobsNow(
    set: 'retry' | 'scheduled',
    filter: JobFilter = {},
  ): Promise<{ moved: number; left: number }> {
    if (filter.name) checkJobName(filter.name);
    return runJobsNow(this.context, set, filter);
  }

  /**
   * The Redis server as an operator checks it: version, memory and maxmemory, eviction policy
   * (with a warning unless `noeviction`), clients, uptime, and the namespace's key count (SCAN in
   * steps of 1000, at most 100000 counted).
   */
  redisSummary(): Promise<RedisSummary> {
    return readRedisSummary(this.redis, this.keys.prefix);
  }

  /**
   * Every periodic schedule the running pools advertise (ours do, in their heartbeat; Go pools do
   * not), with the spec in words, the next three fire times and the pools that register it.
   */
  periodicSchedules(): Promise<PeriodicSchedule[]> {
    return readPeriodicSchedules(this.redis, this.keys, this.clock.nowSeconds());
  }

  /** Pauses fetching of `name` in every pool, Go's too (`SET NSjobs:<name>:paused 1`). */
  async pauseJob(name: string): Promise<void> {
    checkJobName(name);
    await this.redis.set(this.keys.paused(name), '1');
  }

  /** Resumes fetching of `name` (`DEL NSjobs:<name>:paused`). */
  async unpauseJob(name: string): Promise<void> {
    checkJobName(name);
    await this.redis.del(this.keys.paused(name));
  }

  /**
   * Moves the scheduled job with that run-at and id to its queue now (`t` = now), atomically.
   * A unique job keeps holding its key until it runs. NotFoundError / UnknownJobError as for
   * {@link Client.retryDeadJob}, except that an unknown job is left untouched.
   */
  async runScheduledJobNow(runAt: number, id: string): Promise<void> {
    await runJobNowAt(this.context, 'scheduled', runAt, id);
  }

  /** Moves the retry job with that retry-at and id to its queue now, keeping its fail count. */
  async runRetryJobNow(retryAt: number, id: string): Promise<void> {
    await runJobNowAt(this.context, 'retry', retryAt, id);
  }

  /**
   * Finds a job by id in retry, then scheduled, then dead; null when in none. With `at` (where a
   * listing showed it) the lookup reads only that score: O(log n). Otherwise, or when it has moved
   * since, each set is walked by ZSCAN in small steps (200 members, a fraction of a millisecond of
   * Redis time each), O(total members) over many round trips; queues are not searched.
   */
  findJob(id: string, at?: JobLocation): Promise<FoundJob | null> {
    return findJobById(this.context, id, at);
  }

  /**
   * Deletes the queue list `NSjobs:<name>` and returns how many jobs it held. Only the list: the
   * name stays in known_jobs (pools re-add it), and in-progress jobs, locks and pause stay.
   */
  async deleteQueue(name: string): Promise<number> {
    checkJobName(name);
    const key = this.keys.queue(name);
    // Only a queue is deleted: any other key under that name is refused before anything changes.
    const type = await this.redis.type(key);
    if (type !== 'list' && type !== 'none') {
      throw new WorkConfigError(
        `${key} is a ${type}, not a job queue; delete_queue deletes only queues`,
      );
    }
    const reply = await this.redis.multi().llen(key).del(key).exec();
    return resultOf(reply, 0) as number;
  }

  /**
   * Processed and failed counts written by our pools (Go pools do not count): totals, the last
   * `seconds` per-second buckets (max 3600) and the last `minutes` per-minute buckets (max 2880).
   */
  stats(seconds = 300, minutes = 180): Promise<Stats> {
    return readCheckedStats(this.context, seconds, minutes);
  }

  /**
   * Per-minute runs, failures and run-time percentiles per job name, written by our pools (Go
   * pools keep none): the last `minutes` minutes (max 1440) of `job`, or of every known job.
   */
  jobMetrics(minutes = 60, job?: string): Promise<JobMetricsReport> {
    return readCheckedJobMetrics(this.context, minutes, job);
  }

  /**
   * Dead-set retention (gocraft keeps dead jobs forever): removes jobs that died at or before
   * now - maxAgeSeconds, then all but the newest maxJobs. O(log n + removed). Call it
   * periodically; `Infinity` disables a limit.
   */
  async trimDeadJobs(options: TrimDeadJobsOptions = {}): Promise<TrimDeadJobsResult> {
    const maxJobs = options.maxJobs ?? DEFAULT_DEAD_MAX_JOBS;
    const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_DEAD_MAX_AGE_SECONDS;
    checkLimit(maxJobs, 'maxJobs');
    checkLimit(maxAgeSeconds, 'maxAgeSeconds');
    const now = this.clock.nowSeconds();
    return trimDeadSet(this.redis, this.keys, now, { maxJobs, maxAgeSeconds }, this.logger);
  }

  private async page<T>(
    key: string,
    page: number,
    pageSize: number | undefined,
    order: ListOrder,
    withScore: (score: number, job: JobEntry) => T,
  ): Promise<JobPage<T>> {
    const size = pageSize === undefined ? this.pageSize : pageSizeOf(pageSize, 'pageSize');
    return readPage(this.redis, key, pageOf(page), size, orderOf(order), withScore);
  }
}
