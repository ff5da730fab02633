/**
 * Puts jobs into Redis exactly as gocraft's Enqueuer does (spec §5), plus a pipelined bulk
 * enqueue and a wake-up announcement so idle pools start new jobs within milliseconds.
 */
import type Redis from 'ioredis';
import { ByKeyHazardWatch } from './by-key-hazard';
import type { Clock } from './clock';
import {
  invalidOptionMessage,
  RedisUnavailableError,
  redisFailureMessage,
  unencodableArgsMessage,
  WorkConfigError,
  WorkError,
} from './errors';
import type { Args, Job } from './job';
import type { JobDefinition } from './job-definition';
import { JobMaker, resolveJobTarget, ScheduledJob } from './job-maker';
import { KnownJobsCache } from './known-jobs-cache';
import { resolveEnqueuerOptions } from './engine-options';
import type { EnqueuerOptions } from './enqueuer-options';
import { Keys, uniqueKeyFor } from './keys';
import { ReplicaWait, waitForReplicas } from './replica-wait';
import { enqueueOne, enqueueUnique as runEnqueueUnique, defineScripts } from './lua';
import type { WorkLogger } from './logger';
import { closeRedis, connectRedis, OwnedRedis, warnIfEvicting } from './redis-connection';
import type { JobTracer } from './job-tracer';
import { jobTracer } from './tracing';

/** gocraft's unique-key TTL. A scheduled unique job keeps its key this long past its run time. */
export const UNIQUE_TTL_SECONDS = 86400;
/** Values per LPUSH in a bulk enqueue, so one command never carries an unbounded payload. */
const BULK_CHUNK = 1000;

/** One job of a bulk enqueue. */
export interface BulkJob {
  /** The job name (its queue), or its definition (whose validator then runs). */
  name: string | JobDefinition<any>;
  /** Arguments, an object or null. */
  args?: Args | null;
}

export type { EnqueuerOptions } from './enqueuer-options';
export { MAX_DELAY_SECONDS, ScheduledJob, validateJob } from './job-maker';

/** Enqueues jobs. */
export class Enqueuer {
  private readonly keys: Keys;
  private readonly conn: OwnedRedis;
  private readonly clock: Clock;
  private readonly logger: WorkLogger;
  private readonly wake: boolean;
  private readonly tracer: JobTracer | null;
  private readonly make: JobMaker;
  private readonly replicaWait: ReplicaWait | false;
  private readonly known: KnownJobsCache;
  private readonly byKeyWatch: ByKeyHazardWatch;
  private checkedEviction = false;

  /** Checks every option (see {@link resolveEnqueuerOptions}); throws a WorkConfigError naming a bad one. */
  constructor(options: EnqueuerOptions) {
    const resolved = resolveEnqueuerOptions(options);
    this.keys = new Keys(resolved.namespace);
    this.replicaWait = resolved.waitForReplicas;
    this.conn = connectRedis(resolved.redis);
    this.clock = resolved.clock;
    this.logger = resolved.logger;
    this.wake = resolved.wake;
    this.tracer = jobTracer(resolved.tracing);
    this.make = new JobMaker(this.clock, resolved.strictArgs, this.logger);
    this.known = new KnownJobsCache(this.clock);
    this.byKeyWatch = new ByKeyHazardWatch(this.conn.client, this.keys, this.clock, this.logger);
    defineScripts(this.conn.client);
  }

  /** The client the enqueuer talks through. */
  get redis(): Redis {
    return this.conn.client;
  }

  /** Pushes a job onto its queue now. */
  enqueue<A extends object>(job: JobDefinition<A>, args: A): Promise<Job>;
  enqueue(name: string, args?: Args | null): Promise<Job>;
  async enqueue(target: string | JobDefinition<any>, input: Args | null = null): Promise<Job> {
    const [name, args] = resolveJobTarget(target, input);
    const job = this.make.job(name, args);
    return this.traced('enqueue', [job], async () => {
      const payload = this.make.encode(job);
      this.checkEviction();
      await this.write(`enqueue of job "${name}"`, async () => {
        // One command, one reply: known_jobs first (if it is refused nothing is queued, so a
        // retrying caller makes no duplicate), the push, and the wake-up (enqueue-one.lua).
        const [known] = this.known.stale([name]);
        const channel = this.wake ? this.keys.wakeChannel : '';
        const queue = this.keys.queue(name);
        await enqueueOne(
          this.redis,
          queue,
          this.keys.knownJobs,
          payload,
          known ?? '',
          channel,
          name,
        );
        if (known !== undefined) this.known.added([known]);
      });
      await this.confirm([job]);
      return job;
    });
  }

  /** Schedules a job to enter its queue in `secondsFromNow` seconds (negative means already due). */
  enqueueIn<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
  ): Promise<ScheduledJob>;
  enqueueIn(name: string, secondsFromNow: number, args?: Args | null): Promise<ScheduledJob>;
  async enqueueIn(
    target: string | JobDefinition<any>,
    secondsFromNow: number,
    input: Args | null = null,
  ): Promise<ScheduledJob> {
    const [name, args] = resolveJobTarget(target, input);
    const job = this.make.scheduled(name, secondsFromNow, args);
    return this.traced('schedule', [job], async () => {
      const payload = this.make.encode(job);
      this.checkEviction();
      await this.write(`scheduling of job "${name}"`, async () => {
        await this.addToKnownJobs([name]);
        await this.redis.zadd(this.keys.scheduled, job.runAt, payload);
      });
      await this.confirm([job]);
      return job;
    });
  }

  /** Enqueues unless a job with the same name and args is already queued or scheduled; null then. */
  enqueueUnique<A extends object>(job: JobDefinition<A>, args: A): Promise<Job | null>;
  enqueueUnique(name: string, args?: Args | null): Promise<Job | null>;
  enqueueUnique(
    target: string | JobDefinition<any>,
    input: Args | null = null,
  ): Promise<Job | null> {
    return this.uniqueNow(...resolveJobTarget(target, input), undefined);
  }

  /** Schedules unless a job with the same name and args is already queued or scheduled; null then. */
  enqueueUniqueIn<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueIn(
    name: string,
    secondsFromNow: number,
    args?: Args | null,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueIn(
    target: string | JobDefinition<any>,
    secondsFromNow: number,
    input: Args | null = null,
  ): Promise<ScheduledJob | null> {
    const [name, args] = resolveJobTarget(target, input);
    return this.uniqueIn(name, secondsFromNow, args, undefined);
  }

  /**
   * Enqueues unless a job holding the same key (`keyMap`, or the args when keyMap is null) is
   * queued or scheduled; null then. The job records its key in `unique_key` so our workers release
   * exactly that key. The duplicate's args are not kept (no replacement payload ever runs).
   * Go v0.5.1 workers ignore `unique_key`: one running a by-key job deletes the args-based key
   * instead and leaves this key until its TTL; the enqueuer warns once per name when it sees a Go
   * pool serving the name (docs/interop.md).
   */
  enqueueUniqueByKey<A extends object>(
    job: JobDefinition<A>,
    args: A,
    keyMap: Args | null,
  ): Promise<Job | null>;
  enqueueUniqueByKey(name: string, args: Args | null, keyMap: Args | null): Promise<Job | null>;
  enqueueUniqueByKey(
    target: string | JobDefinition<any>,
    input: Args | null,
    keyMap: Args | null,
  ): Promise<Job | null> {
    return this.uniqueNow(...resolveJobTarget(target, input), keyMap);
  }

  /** The scheduled variant of `enqueueUniqueByKey`; the first job keeps its run time. */
  enqueueUniqueInByKey<A extends object>(
    job: JobDefinition<A>,
    secondsFromNow: number,
    args: A,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueInByKey(
    name: string,
    secondsFromNow: number,
    args: Args | null,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null>;
  enqueueUniqueInByKey(
    target: string | JobDefinition<any>,
    secondsFromNow: number,
    input: Args | null,
    keyMap: Args | null,
  ): Promise<ScheduledJob | null> {
    const [name, args] = resolveJobTarget(target, input);
    return this.uniqueIn(name, secondsFromNow, args, keyMap);
  }

  /**
   * Pushes many jobs in one round trip, in order (the first listed runs first within its queue).
   * Validates every job before writing any, and writes them in one MULTI: either every job is
   * queued or none is (a full Redis refuses the whole call), so retrying a failed call never
   * makes duplicates.
   */
  async enqueueBulk(jobs: BulkJob[]): Promise<Job[]> {
    if (!Array.isArray(jobs)) {
      throw new WorkConfigError(
        invalidOptionMessage('enqueueBulk(jobs)', 'an array of { name, args }', jobs),
      );
    }
    const made = jobs.map((j, i) => {
      if (j === null || typeof j !== 'object') {
        throw new WorkConfigError(
          invalidOptionMessage(`enqueueBulk(jobs)[${i}]`, 'an object { name, args }', j),
        );
      }
      return this.make.job(...resolveJobTarget(j.name, j.args ?? null));
    });
    return this.traced('enqueue', made, () => this.writeBulk(made));
  }

  private async writeBulk(made: Job[]): Promise<Job[]> {
    const byQueue = new Map<string, string[]>();
    for (const job of made) {
      const payload = this.make.encode(job);
      const list = byQueue.get(job.name);
      if (list) list.push(payload);
      else byQueue.set(job.name, [payload]);
    }
    this.checkEviction();
    const names = [...byQueue.keys()];
    if (names.length === 0) return made;
    return this.write(`bulk enqueue of ${made.length} job(s)`, async () => {
      const multi = this.redis.multi();
      const stale = this.known.stale(names);
      if (stale.length > 0) multi.sadd(this.keys.knownJobs, ...stale);
      for (const [name, payloads] of byQueue) {
        for (let i = 0; i < payloads.length; i += BULK_CHUNK) {
          multi.lpush(this.keys.queue(name), ...payloads.slice(i, i + BULK_CHUNK));
        }
      }
      // Redis refuses the whole transaction if any command is refused when queued (OOM).
      await multi.exec();
      this.known.added(stale);
      this.announce(names);
      await this.confirm(made);
      return made;
    });
  }

  /** With `waitForReplicas`, waits until enough replicas hold what was just written. */
  private async confirm(jobs: Job[]): Promise<void> {
    if (this.replicaWait && jobs.length > 0)
      await waitForReplicas(this.redis, this.keys.knownJobs, this.replicaWait, jobs);
  }

  /** Closes the connection if the enqueuer opened it. */
  async close(): Promise<void> {
    await closeRedis(this.conn);
  }

  private async uniqueNow(
    name: string,
    args: Args | null,
    keyMap: Args | null | undefined,
  ): Promise<Job | null> {
    const job = this.make.job(name, args);
    const key = this.markUnique(job, keyMap);
    return this.traced('enqueue', [job], () => this.writeUniqueNow(job, key));
  }

  private async writeUniqueNow(job: Job, key: string): Promise<Job | null> {
    const name = job.name;
    const payload = this.make.encode(job);
    this.checkEviction();
    const written = await this.write(`unique enqueue of job "${name}"`, async () => {
      await this.addToKnownJobs([name]);
      const queue = this.keys.queue(name);
      const result = await runEnqueueUnique(
        this.redis,
        queue,
        key,
        payload,
        UNIQUE_TTL_SECONDS,
        '',
      );
      if (result !== 'ok') return null;
      this.announce([name]);
      return job;
    });
    if (written) await this.confirm([written]);
    return written;
  }

  private async uniqueIn(
    name: string,
    secondsFromNow: number,
    args: Args | null,
    keyMap: Args | null | undefined,
  ): Promise<ScheduledJob | null> {
    const job = this.make.scheduled(name, secondsFromNow, args);
    const key = this.markUnique(job, keyMap);
    return this.traced('schedule', [job], () => this.writeUniqueIn(job, key, secondsFromNow));
  }

  private async writeUniqueIn(
    job: ScheduledJob,
    key: string,
    secondsFromNow: number,
  ): Promise<ScheduledJob | null> {
    const name = job.name;
    const payload = this.make.encode(job);
    this.checkEviction();
    // The key must outlive the wait, or a job scheduled past 24 h would stop being unique (B5).
    const ttl = UNIQUE_TTL_SECONDS + Math.max(0, Math.ceil(secondsFromNow));
    const written = await this.write(`unique scheduling of job "${name}"`, async () => {
      await this.addToKnownJobs([name]);
      const scheduled = this.keys.scheduled;
      const result = await runEnqueueUnique(this.redis, scheduled, key, payload, ttl, job.runAt);
      return result === 'ok' ? job : null;
    });
    if (written) await this.confirm([written]);
    return written;
  }

  /** Runs `write` in a producer span when tracing is on (the span's context goes into the jobs). */
  private traced<T>(operation: string, jobs: Job[], write: () => Promise<T>): Promise<T> {
    return this.tracer ? this.tracer.produce(operation, jobs, write) : write();
  }

  /** Sets `unique` (and `unique_key` for by-key jobs) and returns the Redis key to hold. */
  private markUnique(job: Job, keyMap: Args | null | undefined): string {
    job.unique = true;
    try {
      if (keyMap === undefined) return uniqueKeyFor(this.keys, job.name, job.args);
      this.byKeyWatch.check(job.name);
      const key = uniqueKeyFor(this.keys, job.name, keyMap ?? job.args);
      job.uniqueKey = key;
      return key;
    } catch (err) {
      throw new WorkConfigError(unencodableArgsMessage(job.name, err as Error));
    }
  }

  /**
   * Announces pushed names to idle pools. Best effort, never awaited: the jobs are already queued
   * and pools poll anyway, so a failed PUBLISH must neither fail the enqueue nor go unhandled.
   */
  private announce(names: string[]): void {
    if (!this.wake) return;
    const channel = this.keys.wakeChannel;
    for (const n of names) this.redis.publish(channel, n).catch(() => undefined);
  }

  /**
   * Runs the Redis part of an enqueue: a Redis failure (down, stalled past the command timeout,
   * out of memory) becomes one RedisUnavailableError naming the operation; our own errors pass.
   */
  private async write<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof WorkError || !(err instanceof Error)) throw err;
      throw new RedisUnavailableError(redisFailureMessage(action, err), { cause: err });
    }
  }

  /** SADD to known_jobs unless done within the last 300 s (as gocraft caches it). */
  private async addToKnownJobs(names: string[]): Promise<void> {
    const stale = this.known.stale(names);
    if (stale.length === 0) return;
    await this.redis.sadd(this.keys.knownJobs, ...stale);
    this.known.added(stale);
  }

  /** Warns once per enqueuer if Redis may evict job keys. */
  private checkEviction(): void {
    if (this.checkedEviction) return;
    this.checkedEviction = true;
    void warnIfEvicting(this.redis, this.logger);
  }
}
