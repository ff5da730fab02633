/**
 * An enqueuer over a sharded namespace: plain and scheduled jobs go to the shards in turn, unique
 * jobs always to the shard their unique key hashes to (so uniqueness holds across shards).
 */
import { Enqueuer, type BulkJob, type ScheduledJob } from './enqueuer';
import type { EnqueuerOptions } from './enqueuer-options';
import type { Args, Job } from './job';
import type { JobDefinition } from './job-definition';
import { resolveEnqueuerOptions } from './engine-options';
import { closeRedis, connectRedis, type OwnedRedis } from './redis-connection';
import type { EnqueuerApi } from './service-apis';
import { shardNamespaces, shardOfUnique } from './shards';

/** Options of a {@link ShardedEnqueuer}: an enqueuer's, with the logical namespace split. */
export interface ShardedEnqueuerOptions extends EnqueuerOptions {
  /** The logical namespace, without braces (the shards are `{<namespace>-<i>}`). */
  namespace: string;
  /** Number of shards; every producer and pool of the namespace must use the same number. */
  shards: number;
}

/** A job name or a job definition, as the Enqueuer takes. */
export type ShardedTarget = string | JobDefinition<any>;

const nameOf = (target: ShardedTarget): string =>
  typeof target === 'string' ? target : target.name;

export class ShardedEnqueuer implements EnqueuerApi {
  /** One enqueuer per shard, in shard order. */
  readonly shards: readonly Enqueuer[];
  private next = 0;
  private readonly conn: OwnedRedis;

  constructor(options: ShardedEnqueuerOptions) {
    const { shards, namespace: base, ...rest } = options;
    const namespaces = shardNamespaces(base, shards);
    resolveEnqueuerOptions({ ...rest, namespace: namespaces[0] }, 'ShardedEnqueuer');
    // One connection for every shard: on a cluster it reaches each shard's node anyway.
    this.conn = connectRedis(options.redis);
    this.shards = namespaces.map(
      (namespace) => new Enqueuer({ ...rest, namespace, redis: this.conn.client }),
    );
  }

  /** The next shard in turn, for jobs with no unique key. */
  private spread(): Enqueuer {
    const shard = this.shards[this.next];
    this.next = (this.next + 1) % this.shards.length;
    return shard;
  }

  private uniqueShard(target: ShardedTarget, key: Args | null): Enqueuer {
    return this.shards[shardOfUnique(this.shards.length, nameOf(target), key)];
  }

  /** Enqueues on the next shard in turn. */
  enqueue<A extends object>(job: JobDefinition<A>, args: A): Promise<Job>;
  /** Enqueues the named job on the next shard in turn. */
  enqueue(name: string, args?: Args | null): Promise<Job>;
  enqueue(target: ShardedTarget, args: Args | null = null): Promise<Job> {
    return this.spread().enqueue(target as string, args);
  }

  /** Schedules on the next shard in turn. */
  enqueueIn<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
  ): Promise<ScheduledJob>;
  /** Schedules the named job on the next shard in turn. */
  enqueueIn(name: string, secondsFromNow: number, args?: Args | null): Promise<ScheduledJob>;
  enqueueIn(
    target: ShardedTarget,
    secondsFromNow: number,
    args: Args | null = null,
  ): Promise<ScheduledJob> {
    return this.spread().enqueueIn(target as string, secondsFromNow, args);
  }

  /** `Enqueuer.enqueueUnique` on the shard of the job's unique key. */
  enqueueUnique<A extends object>(job: JobDefinition<A>, args: A): Promise<Job | null>;
  /** `Enqueuer.enqueueUnique` of the named job on the shard of its unique key. */
  enqueueUnique(name: string, args?: Args | null): Promise<Job | null>;
  enqueueUnique(target: ShardedTarget, args: Args | null = null): Promise<Job | null> {
    return this.uniqueShard(target, args).enqueueUnique(target as string, args);
  }

  /** `Enqueuer.enqueueUniqueIn` on the shard of the job's unique key. */
  enqueueUniqueIn<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
  ): Promise<ScheduledJob | null>;
  /** `Enqueuer.enqueueUniqueIn` of the named job on the shard of its unique key. */
  enqueueUniqueIn(
    name: string,
    secondsFromNow: number,
    args?: Args | null,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueIn(
    target: ShardedTarget,
    secondsFromNow: number,
    args: Args | null = null,
  ): Promise<ScheduledJob | null> {
    return this.uniqueShard(target, args).enqueueUniqueIn(target as string, secondsFromNow, args);
  }

  /** `Enqueuer.enqueueUniqueByKey` on the shard of `keyMap` (or the args when null). */
  enqueueUniqueByKey<A extends object>(
    job: JobDefinition<A>,
    args: A,
    keyMap: Args | null,
  ): Promise<Job | null>;
  /** `Enqueuer.enqueueUniqueByKey` of the named job on the shard of `keyMap` (or the args). */
  enqueueUniqueByKey(name: string, args: Args | null, keyMap: Args | null): Promise<Job | null>;
  enqueueUniqueByKey(
    target: ShardedTarget,
    args: Args | null,
    keyMap: Args | null,
  ): Promise<Job | null> {
    return this.uniqueShard(target, keyMap ?? args).enqueueUniqueByKey(
      target as string,
      args,
      keyMap,
    );
  }

  /** `Enqueuer.enqueueUniqueInByKey` on the shard of `keyMap` (or the args when null). */
  enqueueUniqueInByKey<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null>;
  /** `Enqueuer.enqueueUniqueInByKey` of the named job on the shard of `keyMap` (or the args). */
  enqueueUniqueInByKey(
    name: string,
    secondsFromNow: number,
    args: Args | null,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueInByKey(
    target: ShardedTarget,
    secondsFromNow: number,
    args: Args | null,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null> {
    return this.uniqueShard(target, keyMap ?? args).enqueueUniqueInByKey(
      target as string,
      secondsFromNow,
      args,
      keyMap,
    );
  }

  /**
   * Spreads the jobs over the shards in turn, one bulk enqueue per shard. Order holds within a
   * shard, not across shards. Resolves to the jobs in the order given.
   */
  async enqueueBulk(jobs: BulkJob[]): Promise<Job[]> {
    const per = this.shards.map(() => [] as number[]);
    for (let i = 0; i < jobs.length; i++) per[(this.next + i) % this.shards.length].push(i);
    this.next = (this.next + jobs.length) % this.shards.length;
    const made = new Array<Job>(jobs.length);
    await Promise.all(
      per.map(async (indexes, s) => {
        if (indexes.length === 0) return;
        const out = await this.shards[s].enqueueBulk(indexes.map((i) => jobs[i]));
        indexes.forEach((i, k) => (made[i] = out[k]));
      }),
    );
    return made;
  }

  /** Closes every shard's enqueuer. */
  async close(): Promise<void> {
    await Promise.all(this.shards.map((e) => e.close()));
    await closeRedis(this.conn);
  }
}
