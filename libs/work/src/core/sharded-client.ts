/**
 * A client over a sharded namespace: reads aggregate every shard (pools, workers, queues summed
 * by name, job sets merged by score, stats summed) and each action runs on every shard, so the
 * dashboard and admin API can use it in place of a Client.
 */
import { Client } from './client';
import { NotFoundError } from './client-errors';
import {
  MAX_PAGE_SIZE,
  type ClientOptions,
  type DeadJob,
  type FoundJob,
  type JobPage,
  type Queue,
  type RetryDeadResult,
  type RetryJob,
  type ScheduledJobEntry,
  type TrimDeadJobsOptions,
  type TrimDeadJobsResult,
  type WorkerObservation,
  type WorkerPoolHeartbeat,
} from './client-types';
import { resolveClientOptions } from './engine-options';
import { closeRedis, connectRedis, type OwnedRedis } from './redis-connection';
import { shardNamespaces } from './shards';
import type { Stats, StatsPoint } from './stats';

/** Options of a {@link ShardedClient}: a client's, with the logical namespace split. */
export interface ShardedClientOptions extends ClientOptions {
  /** The logical namespace, without braces (the shards are `{<namespace>-<i>}`). */
  namespace: string;
  /** Number of shards. */
  shards: number;
}

type Entry = RetryJob | ScheduledJobEntry | DeadJob;

export class ShardedClient {
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
    read: (c: Client, page: number, size: number) => Promise<JobPage<T>>,
    score: (e: T) => number,
    page: number,
    pageSize = this.pageSize,
  ): Promise<JobPage<T>> {
    const size = Math.min(Math.max(1, Math.floor(pageSize)), MAX_PAGE_SIZE);
    const want = Math.max(1, Math.floor(page)) * size;
    let count = 0;
    const merged: T[] = [];
    for (const client of this.shards) {
      for (let p = 1; ; p++) {
        const got = await read(client, p, MAX_PAGE_SIZE);
        if (p === 1) count += got.count;
        merged.push(...got.jobs);
        if (got.jobs.length < MAX_PAGE_SIZE || p * MAX_PAGE_SIZE >= want) break;
      }
    }
    merged.sort((a, b) => score(a) - score(b));
    return { count, jobs: merged.slice(want - size, want) };
  }

  /** Scheduled jobs of every shard, soonest first. */
  scheduledJobs(page = 1, pageSize?: number): Promise<JobPage<ScheduledJobEntry>> {
    return this.mergedPage(
      (c, p, s) => c.scheduledJobs(p, s),
      (e) => e.run_at,
      page,
      pageSize,
    );
  }

  /** Retry jobs of every shard, soonest first. */
  retryJobs(page = 1, pageSize?: number): Promise<JobPage<RetryJob>> {
    return this.mergedPage(
      (c, p, s) => c.retryJobs(p, s),
      (e) => e.retry_at,
      page,
      pageSize,
    );
  }

  /** Dead jobs of every shard, oldest first. */
  deadJobs(page = 1, pageSize?: number): Promise<JobPage<DeadJob>> {
    return this.mergedPage(
      (c, p, s) => c.deadJobs(p, s),
      (e) => e.died_at,
      page,
      pageSize,
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

  deleteDeadJob(diedAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteDeadJob(diedAt, id));
  }
  deleteRetryJob(retryAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteRetryJob(retryAt, id));
  }
  deleteScheduledJob(runAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.deleteScheduledJob(runAt, id));
  }
  retryDeadJob(diedAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.retryDeadJob(diedAt, id));
  }
  runScheduledJobNow(runAt: number, id: string): Promise<void> {
    return this.onOwner((c) => c.runScheduledJobNow(runAt, id));
  }
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

  async retryAllDeadJobs(): Promise<RetryDeadResult> {
    return ShardedClient.sumRetry(await this.each((c) => c.retryAllDeadJobs()));
  }
  async retryDeadJobsByName(name: string): Promise<RetryDeadResult> {
    return ShardedClient.sumRetry(await this.each((c) => c.retryDeadJobsByName(name)));
  }
  async deleteAllDeadJobs(): Promise<number> {
    return (await this.each((c) => c.deleteAllDeadJobs())).reduce((a, b) => a + b, 0);
  }
  async deleteAllJobs(set: 'retry' | 'scheduled'): Promise<number> {
    return (await this.each((c) => c.deleteAllJobs(set))).reduce((a, b) => a + b, 0);
  }
  async runAllJobsNow(set: 'retry' | 'scheduled'): Promise<{ moved: number; left: number }> {
    const all = await this.each((c) => c.runAllJobsNow(set));
    return all.reduce((a, b) => ({ moved: a.moved + b.moved, left: a.left + b.left }));
  }
  async pauseJob(name: string): Promise<void> {
    await this.each((c) => c.pauseJob(name));
  }
  async unpauseJob(name: string): Promise<void> {
    await this.each((c) => c.unpauseJob(name));
  }
  async deleteQueue(name: string): Promise<number> {
    return (await this.each((c) => c.deleteQueue(name))).reduce((a, b) => a + b, 0);
  }
  async findJob(id: string): Promise<FoundJob | null> {
    return (await this.each((c) => c.findJob(id))).find((f) => f !== null) ?? null;
  }
  async trimDeadJobs(options: TrimDeadJobsOptions = {}): Promise<TrimDeadJobsResult> {
    const all = await this.each((c) => c.trimDeadJobs(options));
    return all.reduce((a, b) => ({
      removedByAge: a.removedByAge + b.removedByAge,
      removedByCount: a.removedByCount + b.removedByCount,
    }));
  }

  /** Totals and per-second/per-minute points summed over the shards. */
  async stats(seconds = 300, minutes = 180): Promise<Stats> {
    const all = await this.each((c) => c.stats(seconds, minutes));
    // Shards read their buckets at slightly different moments: add them up by bucket start.
    const sum = (series: StatsPoint[][]): StatsPoint[] => {
      const byAt = new Map<number, StatsPoint>();
      for (const point of series.flat()) {
        const seen = byAt.get(point.at);
        if (seen) {
          seen.processed += point.processed;
          seen.failed += point.failed;
        } else byAt.set(point.at, { ...point });
      }
      return [...byAt.values()].sort((a, b) => a.at - b.at).slice(-series[0].length);
    };
    return {
      total: {
        processed: all.reduce((n, s) => n + s.total.processed, 0),
        failed: all.reduce((n, s) => n + s.total.failed, 0),
      },
      per_second: sum(all.map((s) => s.per_second)),
      per_minute: sum(all.map((s) => s.per_minute)),
    };
  }
}
