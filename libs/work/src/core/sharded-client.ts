/**
 * A client over a sharded namespace: reads aggregate every shard (pools, workers, queues summed
 * by name, job sets merged by score, stats summed) and each action runs on every shard, so the
 * dashboard and admin API can use it in place of a Client.
 */
import { Client } from './client';
import { NotFoundError, UnknownJobError } from './client-errors';
import { boundedInt, orderOf } from './client-validate';
import {
  MAX_PAGE_SIZE,
  type ClientOptions,
  type DeadJob,
  type FoundJob,
  type JobLocation,
  type JobPage,
  type JobSet,
  type ListOrder,
  type Queue,
  type RetryDeadResult,
  type RetryJob,
  type ScheduledJobEntry,
  type SearchJobsOptions,
  type SearchJobsPage,
  type TrimDeadJobsOptions,
  type TrimDeadJobsResult,
  type WorkerObservation,
  type WorkerPoolHeartbeat,
} from './client-types';
import { resolveClientOptions } from './engine-options';
import type { JobFilter } from './job-filter';
import type { JobMetricsReport } from './job-metrics-report';
import type { PeriodicSchedule } from './periodic-schedules';
import { closeRedis, connectRedis, type OwnedRedis } from './redis-connection';
import type { RedisSummary } from './redis-info';
import type { ClientApi } from './service-apis';
import { mergeJobMetrics, mergeRedisSummaries, searchCursor, sumStats } from './sharded-merge';
import { shardNamespaces } from './shards';
import type { Stats } from './stats';

/** Options of a {@link ShardedClient}: a client's, with the logical namespace split. */
export interface ShardedClientOptions extends ClientOptions {
  /** The logical namespace, without braces (the shards are `{<namespace>-<i>}`). */
  namespace: string;
  /** Number of shards. */
  shards: number;
}

type Entry = RetryJob | ScheduledJobEntry | DeadJob;

export class ShardedClient implements ClientApi {
  /** One client per shard, in shard order. */
  readonly shards: readonly Client[];
  private readonly conn: OwnedRedis;
  private readonly pageSize: number;

  constructor(options: ShardedClientOptions) {
    const { shards, namespace: base, ...rest } = options;
    const namespaces = shardNamespaces(base, shards);
    this.pageSize = resolveClientOptions(
      { ...rest, namespace: namespaces[0] },
      'ShardedClient',
    ).pageSize;
    this.conn = connectRedis(options.redis);
    this.shards = namespaces.map(
      (namespace) => new Client({ ...rest, namespace, redis: this.conn.client }),
    );
  }

  /** Closes every shard's client and the shared connection if this client opened it. */
  async close(): Promise<void> {
    await Promise.all(this.shards.map((c) => c.close()));
    await closeRedis(this.conn);
  }

  private each<T>(call: (client: Client) => Promise<T>): Promise<T[]> {
    return Promise.all(this.shards.map(call));
  }

  /** Every shard's pools (each pool serves one shard), sorted by id. */
  async workerPoolHeartbeats(): Promise<WorkerPoolHeartbeat[]> {
    const all = (await this.each((c) => c.workerPoolHeartbeats())).flat();
    return all.sort((a, b) => (a.worker_pool_id < b.worker_pool_id ? -1 : 1));
  }

  /** Every shard's workers. */
  async workerObservations(): Promise<WorkerObservation[]> {
    return (await this.each((c) => c.workerObservations())).flat();
  }

  /**
   * One entry per job name: counts and locks summed over the shards, the highest latency, paused
   * when any shard is paused, and the largest max_concurrency and priority seen.
   */
  async queues(): Promise<Queue[]> {
    const byName = new Map<string, Queue>();
    for (const q of (await this.each((c) => c.queues())).flat()) {
      const seen = byName.get(q.job_name);
      if (!seen) {
        byName.set(q.job_name, { ...q });
        continue;
      }
      seen.count += q.count;
      seen.lock += q.lock;
      seen.latency = Math.max(seen.latency, q.latency);
      seen.paused = seen.paused || q.paused;
      seen.max_concurrency = Math.max(seen.max_concurrency, q.max_concurrency);
      if (q.priority !== null) seen.priority = Math.max(seen.priority ?? 0, q.priority);
    }
    return [...byName.values()].sort((a, b) => (a.job_name < b.job_name ? -1 : 1));
  }

  /**
   * One page of a set merged over the shards by score. Page p needs the first p*size members of
   * every shard, so deep pages cost more than on one namespace.
   */
  private async mergedPage<T extends Entry>(
    read: (c: Client, page: number, size: number, order: ListOrder) => Promise<JobPage<T>>,
    score: (e: T) => number,
    page: number,
    pageSize = this.pageSize,
    order: ListOrder = 'asc',
  ): Promise<JobPage<T>> {
    const sign = orderOf(order) === 'asc' ? 1 : -1;
    const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
    const want = Math.max(1, Math.floor(page)) * size;
    let count = 0;
    const merged: T[] = [];
    for (const client of this.shards) {
      for (let p = 1; ; p++) {
        const got = await read(client, p, MAX_PAGE_SIZE, order);
        if (p === 1) count += got.count;
        merged.push(...got.jobs);
        if (got.jobs.length < MAX_PAGE_SIZE || p * MAX_PAGE_SIZE >= want) break;
      }
    }
    merged.sort((a, b) => sign * (score(a) - score(b)));
    return { count, jobs: merged.slice(want - size, want) };
  }

  /** Scheduled jobs of every shard, soonest first (`desc`: latest first). */
  scheduledJobs(
    page = 1,
    pageSize?: number,
    order: ListOrder = 'asc',
  ): Promise<JobPage<ScheduledJobEntry>> {
    return this.mergedPage(
      (c, p, s, o) => c.scheduledJobs(p, s, o),
      (e) => e.run_at,
      page,
      pageSize,
      order,
    );
  }

  /** Retry jobs of every shard, soonest first (`desc`: latest first). */
  retryJobs(page = 1, pageSize?: number, order: ListOrder = 'asc'): Promise<JobPage<RetryJob>> {
    return this.mergedPage(
      (c, p, s, o) => c.retryJobs(p, s, o),
      (e) => e.retry_at,
      page,
      pageSize,
      order,
    );
  }

  /** Dead jobs of every shard, oldest first (`desc`: newest first). */
  deadJobs(page = 1, pageSize?: number, order: ListOrder = 'asc'): Promise<JobPage<DeadJob>> {
    return this.mergedPage(
      (c, p, s, o) => c.deadJobs(p, s, o),
      (e) => e.died_at,
      page,
      pageSize,
      order,
    );
  }

  /**
   * Runs a one-job action on every shard (ids are unique, so one shard at most holds the job);
   * NotFoundError when no shard does, any other error as thrown.
   */
  private async onOwner(action: (c: Client) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(this.shards.map(action));
    if (results.some((r) => r.status === 'fulfilled')) return;
    const failure = results.find(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && !(r.reason instanceof NotFoundError),
    );
    throw failure ? failure.reason : (results[0] as PromiseRejectedResult).reason;
  }

  /** `Client.deleteDeadJob` on the shard that holds the job. */
  deleteDeadJob(diedAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteDeadJob(diedAt, id));
  }
  /** `Client.deleteRetryJob` on the shard that holds the job. */
  deleteRetryJob(retryAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteRetryJob(retryAt, id));
  }
  /** `Client.deleteScheduledJob` on the shard that holds the job. */
  deleteScheduledJob(runAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteScheduledJob(runAt, id));
  }
  /** `Client.retryDeadJob` on the shard that holds the job. */
  retryDeadJob(diedAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.retryDeadJob(diedAt, id));
  }
  /** `Client.runScheduledJobNow` on the shard that holds the job. */
  runScheduledJobNow(runAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.runScheduledJobNow(runAt, id));
  }
  /** `Client.runRetryJobNow` on the shard that holds the job. */
  runRetryJobNow(retryAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.runRetryJobNow(retryAt, id));
  }

  private static sumRetry(results: RetryDeadResult[]): RetryDeadResult {
    const total = { ...results[0] };
    for (const r of results.slice(1))
      for (const key of Object.keys(total) as Array<keyof RetryDeadResult>)
        (total[key] as number) += r[key] as number;
    return total;
  }

  /** `Client.retryAllDeadJobs` on every shard, counts summed. */
  async retryAllDeadJobs(): Promise<RetryDeadResult> {
    return ShardedClient.sumRetry(await this.each((c) => c.retryAllDeadJobs()));
  }
  /** Retries the name's dead jobs on every shard that knows the name; UnknownJobError when none does. */
  async retryDeadJobsByName(name: string): Promise<RetryDeadResult> {
    const results = await Promise.allSettled(this.shards.map((c) => c.retryDeadJobsByName(name)));
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failure = results.find(
      (r): r is PromiseRejectedResult =>
        r.status === 'rejected' && !(r.reason instanceof UnknownJobError),
    );
    if (failure) throw failure.reason;
    if (done.length === 0) throw (results[0] as PromiseRejectedResult).reason;
    return ShardedClient.sumRetry(done);
  }
  /** `Client.retryDeadJobsMatching` on every shard, counts summed. */
  async retryDeadJobsMatching(filter: JobFilter): Promise<RetryDeadResult> {
    return ShardedClient.sumRetry(await this.each((c) => c.retryDeadJobsMatching(filter)));
  }
  /** `Client.deleteMatchingJobs` on every shard; how many were deleted in all. */
  async deleteMatchingJobs(set: JobSet, filter: JobFilter): Promise<number> {
    return (await this.each((c) => c.deleteMatchingJobs(set, filter))).reduce((a, b) => a + b, 0);
  }
  /** `Client.deleteAllDeadJobs` on every shard; how many were deleted in all. */
  async deleteAllDeadJobs(): Promise<number> {
    return (await this.each((c) => c.deleteAllDeadJobs())).reduce((a, b) => a + b, 0);
  }
  /** `Client.deleteAllJobs` on every shard; how many were deleted in all. */
  async deleteAllJobs(set: 'retry' | 'scheduled'): Promise<number> {
    return (await this.each((c) => c.deleteAllJobs(set))).reduce((a, b) => a + b, 0);
  }
  /** `Client.runAllJobsNow` on every shard, counts summed. */
  async runAllJobsNow(
    set: 'retry' | 'scheduled',
    filter: JobFilter = {},
  ): Promise<{ moved: number; left: number }> {
    const all = await this.each((c) => c.runAllJobsNow(set, filter));
    return all.reduce((a, b) => ({ moved: a.moved + b.moved, left: a.left + b.left }));
  }
  /** Pauses the job name on every shard. */
  async pauseJob(name: string): Promise<void> {
    await this.each((c) => c.pauseJob(name));
  }
  /** Resumes the job name on every shard. */
  async unpauseJob(name: string): Promise<void> {
    await this.each((c) => c.unpauseJob(name));
  }
  /** Deletes the queue of the name on every shard; how many jobs they held in all. */
  async deleteQueue(name: string): Promise<number> {
    return (await this.each((c) => c.deleteQueue(name))).reduce((a, b) => a + b, 0);
  }
  /** The job with that id on whichever shard holds it (see `Client.findJob`); null when none does. */
  async findJob(id: string, at?: JobLocation): Promise<FoundJob | null> {
    return (await this.each((c) => c.findJob(id, at))).find((f) => f !== null) ?? null;
  }

  /** The first shard's server figures, with the namespace's keys counted over every shard. */
  async redisSummary(): Promise<RedisSummary> {
    return mergeRedisSummaries(await this.each((c) => c.redisSummary()));
  }

  /** Every shard's advertised periodic schedules (a sharded pool registers them on shard 0). */
  async periodicSchedules(): Promise<PeriodicSchedule[]> {
    return (await this.each((c) => c.periodicSchedules())).flat();
  }

  /**
   * Job metrics summed over the shards by name and minute; each percentile is the highest any
   * shard measured (an upper bound: the shards' histograms are not merged).
   */
  async jobMetrics(minutes = 60, job?: string): Promise<JobMetricsReport> {
    return mergeJobMetrics(await this.each((c) => c.jobMetrics(minutes, job)));
  }

  /**
   * One bounded step of a search (see `Client.searchJobs`) that walks the shards one after
   * another: within a shard the order holds, across shards it does not. The returned cursor
   * names the shard and the place in it; `total` counts every shard's set.
   */
  async searchJobs(set: JobSet, options: SearchJobsOptions = {}): Promise<SearchJobsPage> {
    const n = this.shards.length;
    const cursor = boundedInt(options.cursor ?? 0, 'cursor', 0, Number.MAX_SAFE_INTEGER);
    const { shard, inner } = searchCursor.unpack(cursor, n);
    const [step, ...others] = await Promise.all([
      this.shards[shard].searchJobs(set, { ...options, cursor: inner }),
      ...this.shards.filter((_, i) => i !== shard).map((c) => setSize(c, set)),
    ]);
    const next =
      step.cursor !== null
        ? searchCursor.pack(shard, step.cursor, n)
        : shard + 1 < n
          ? searchCursor.pack(shard + 1, 0, n)
          : null;
    return { ...step, cursor: next, total: others.reduce((a, b) => a + b, step.total) };
  }
  /** `Client.trimDeadJobs` on every shard, counts summed. */
  async trimDeadJobs(options: TrimDeadJobsOptions = {}): Promise<TrimDeadJobsResult> {
    const all = await this.each((c) => c.trimDeadJobs(options));
    return all.reduce((a, b) => ({
      removedByAge: a.removedByAge + b.removedByAge,
      removedByCount: a.removedByCount + b.removedByCount,
    }));
  }

  /** Totals and per-second/per-minute points summed over the shards. */
  async stats(seconds = 300, minutes = 180): Promise<Stats> {
    return sumStats(await this.each((c) => c.stats(seconds, minutes)));
  }
}

/** Members of one shard's set (one ZCARD and a one-member page). */
async function setSize(client: Client, set: JobSet): Promise<number> {
  const page =
    set === 'dead'
      ? client.deadJobs(1, 1)
      : set === 'retry'
        ? client.retryJobs(1, 1)
        : client.scheduledJobs(1, 1);
  return (await page).count;
}
