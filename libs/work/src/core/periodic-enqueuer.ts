/**
 * gocraft's periodic enqueuer (periodic_enqueuer.go, spec §7.5): every ~2 minutes each pool writes
 * the next 4 minutes of every periodic job into `NSscheduled`. Pools never coordinate; they dedupe
 * only because every pool (Go or ours) writes byte-identical members for the same instance, so ZADD
 * of an instance that is already there changes nothing.
 */
import type Redis from 'ioredis';
import { Clock } from './clock';
import { CronSchedule, checkTimeZone, localTimeZone, parseCronSpec } from './cron';
import { checkJobName } from './job-name';
import { serializeJob } from './job';
import { Keys } from './keys';
import { WorkLogger } from './logger';

/** gocraft's horizon: instances due within this many seconds of a pass are written (README says 5 min; the code 4). */
export const PERIODIC_HORIZON_SECONDS = 240;
/** gocraft's base period between passes; each wait adds a random 0..29 whole seconds. */
export const PERIODIC_PERIOD_MS = 120_000;

/** Options of a {@link PeriodicEnqueuer}. */
export interface PeriodicEnqueuerOptions {
  /** Key builders of the namespace. */
  keys: Keys;
  /** A client the caller owns; it is never closed here. */
  redis: Redis;
  /** Source of "now" (integer epoch seconds). */
  clock: Clock;
  /** Where warnings and pass failures go. */
  logger: WorkLogger;
  /**
   * IANA zone the specs are read in. Default: the process's local zone, as Go's `time.Local`. Go and
   * Nest pools sharing a namespace must use the same zone or their instances will not dedupe.
   */
  timeZone?: string;
  /** How far ahead a pass writes instances, in seconds (exclusive). Default 240, as gocraft. */
  horizonSeconds?: number;
  /** Fixed time between passes. Default: 120 s plus a random 0..29 s drawn for each wait, as gocraft. */
  periodMs?: number;
}

interface PeriodicJob {
  jobName: string;
  schedule: CronSchedule;
  warnedNever: boolean;
}

/** Writes upcoming instances of periodic jobs to the scheduled set, gocraft-compatibly. */
export class PeriodicEnqueuer {
  private zone: string | null = null;
  private readonly jobs: PeriodicJob[] = [];
  private readonly horizonSeconds: number;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> = Promise.resolve();
  private active = false;
  private generation = 0;

  constructor(private readonly options: PeriodicEnqueuerOptions) {
    if (options.timeZone !== undefined) this.zone = checkTimeZone(options.timeZone);
    this.horizonSeconds = options.horizonSeconds ?? PERIODIC_HORIZON_SECONDS;
  }

  /**
   * The zone the specs are evaluated in: the option, or the process's local zone, found on first
   * use because finding it loads ICU's zone data (about 8 MB resident) that a pool without
   * schedules never needs.
   */
  get timeZone(): string {
    this.zone ??= checkTimeZone(localTimeZone());
    return this.zone;
  }

  /**
   * Enqueues `jobName` (args null) at every time `spec` fires. The spec is parsed now, so an invalid
   * one throws here rather than in the background. `@every` specs are accepted, but they count from
   * each pass's "now", so every pass and every pool writes new instances: they never dedupe.
   */
  register(spec: string, jobName: string): void {
    checkJobName(jobName);
    this.jobs.push({ jobName, schedule: parseCronSpec(spec), warnedNever: false });
  }

  /**
   * One pass: ZADD every instance in (now, now + horizon) and SET `NSlast_periodic_enqueue` to now,
   * all in one pipeline. A spec with no instance within 5 years is skipped with a warning (gocraft
   * would loop forever on Go's zero time).
   */
  async enqueue(): Promise<void> {
    const { keys, redis, clock } = this.options;
    const now = clock.nowSeconds();
    const horizon = now + this.horizonSeconds;
    const pipeline = redis.pipeline();
    for (const job of this.jobs) {
      const { schedule, jobName } = job;
      let t = schedule.next(now, this.timeZone);
      if (t === null) this.warnNever(job);
      // t > previous always holds; checking it keeps a broken schedule from spinning (spec B6).
      for (let previous = now; t !== null && t < horizon && t > previous;) {
        const id = `periodic:${jobName}:${schedule.spec}:${t}`;
        pipeline.zadd(
          keys.scheduled,
          t,
          serializeJob({ name: jobName, id, enqueuedAt: t, args: null }),
        );
        previous = t;
        t = schedule.next(t, this.timeZone);
      }
    }
    pipeline.set(keys.lastPeriodicEnqueue, now);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /**
   * gocraft's check, unit bug included: true when the key is missing or unreadable, or older than
   * now - 2 **seconds** (Go divides 2 minutes by a minute). Every pool writes the key, so any larger
   * guard would let pools without periodic jobs suppress those that have them.
   */
  async shouldEnqueue(): Promise<boolean> {
    let raw: string | null;
    try {
      raw = await this.options.redis.get(this.options.keys.lastPeriodicEnqueue);
    } catch (err) {
      this.options.logger.error(
        `periodic enqueuer: reading last_periodic_enqueue failed: ${(err as Error).message}`,
      );
      return true;
    }
    if (raw === null || !/^[+-]?[0-9]+$/.test(raw)) return true; // Go: ErrNil or a parse error
    return Number(raw) < this.options.clock.nowSeconds() - 2;
  }

  /** Runs a pass now (if shouldEnqueue) and then one per period; never two at once. Idempotent. */
  start(): void {
    if (this.active) return;
    this.active = true;
    // A restart waits for the previous run's pass; the generation stops that run's loop.
    const generation = ++this.generation;
    this.pass = this.pass.then(() => this.tick(generation));
  }

  /** Stops the loop and waits for a pass in progress. Idempotent; safe before start(). */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  private async tick(generation: number): Promise<void> {
    // A start() always gets its first pass (as Go's loop runs one before it looks at stop), but a
    // pass left over from an earlier start() does not.
    if (generation !== this.generation) return;
    try {
      if (await this.shouldEnqueue()) await this.enqueue();
    } catch (err) {
      this.options.logger.error(
        `periodic enqueue failed: ${(err as Error).message}`,
        (err as Error).stack,
      );
    }
    if (!this.active || generation !== this.generation) return;
    const delay =
      this.options.periodMs ?? PERIODIC_PERIOD_MS + Math.floor(Math.random() * 30) * 1000;
    // Scheduled only after a pass ends, so passes never overlap; unref'd so it never holds the process.
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass = this.tick(generation);
    }, delay);
    this.timer.unref();
  }

  private warnNever(job: PeriodicJob): void {
    if (job.warnedNever) return;
    job.warnedNever = true;
    this.options.logger.warn(
      `periodic job "${job.jobName}" with spec ${JSON.stringify(job.schedule.spec)} has no time to run within 5 years ` +
        `in time zone ${this.timeZone} (a date that does not exist, such as February 30?); it is skipped`,
    );
  }
}
