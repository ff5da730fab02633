/**
 * Per-job-name, per-minute metrics kept in Redis for the dashboard (Sidekiq's Metrics tab): runs
 * that succeeded and failed, total run time and a fixed-bucket histogram of run times. Each pool
 * counts in memory from its job events and adds the counts once a second, in the flush that
 * writes its processed/failed counters. One hash per job name and minute, `NSmetrics:job:<minute
 * epoch>:<name>`, expiring after {@link JOB_METRICS_TTL_SECONDS}; Go peers ignore these keys.
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import type { JobEvent } from './job-events';
import type { Keys } from './keys';

/** Upper bounds (ms) of the run-time buckets; one more bucket holds everything slower. */
export const JOB_METRICS_BUCKETS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
];
/** How long a minute's hash lives: a day of history. */
export const JOB_METRICS_TTL_SECONDS = 86_400;

/** Hash fields: processed, failed, total run ms, then bucket counts b0..b13. */
export const BUCKET_FIELDS = [...JOB_METRICS_BUCKETS_MS, Infinity].map((_, i) => `b${i}`);
export const JOB_METRICS_FIELDS = ['p', 'f', 'ms', ...BUCKET_FIELDS];

interface Tally {
  processed: number;
  failed: number;
  ms: number;
  buckets: number[];
}

function bucketOf(ms: number): number {
  let i = 0;
  while (i < JOB_METRICS_BUCKETS_MS.length && ms > JOB_METRICS_BUCKETS_MS[i]) i++;
  return i;
}

/** Counts job outcomes per name until the next flush. */
export class JobMetricsCounter {
  private pending = new Map<string, Tally>();

  constructor(
    private readonly keys: Keys,
    private readonly clock: Clock,
  ) {}

  /** Counts an outcome event (other events are ignored). */
  readonly record = (event: JobEvent): void => {
    if (event.type === 'started' || event.type === 'timedOut') return;
    let tally = this.pending.get(event.job.name);
    if (!tally) {
      tally = { processed: 0, failed: 0, ms: 0, buckets: BUCKET_FIELDS.map(() => 0) };
      this.pending.set(event.job.name, tally);
    }
    if (event.type === 'succeeded') tally.processed++;
    else tally.failed++;
    const ms = event.durationMs ?? 0;
    tally.ms += ms;
    tally.buckets[bucketOf(ms)]++;
  };

  /** Adds what was counted since the last flush to the current minute's hashes. */
  async flush(redis: Redis): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const minute = Math.floor(this.clock.nowSeconds() / 60) * 60;
    const pipeline = redis.pipeline();
    for (const [name, t] of batch) {
      const key = this.keys.jobMetrics(minute, name);
      const values = [t.processed, t.failed, Math.round(t.ms), ...t.buckets];
      values.forEach((v, i) => {
        if (v) pipeline.hincrby(key, JOB_METRICS_FIELDS[i], v);
      });
      pipeline.expire(key, JOB_METRICS_TTL_SECONDS);
    }
    try {
      await pipeline.exec();
    } catch (err) {
      // Best effort, like the counters: keep the counts for the next flush.
      for (const [name, t] of batch) this.merge(name, t);
      throw err;
    }
  }

  private merge(name: string, t: Tally): void {
    const into = this.pending.get(name);
    if (!into) {
      this.pending.set(name, t);
      return;
    }
    into.processed += t.processed;
    into.failed += t.failed;
    into.ms += t.ms;
    t.buckets.forEach((n, i) => (into.buckets[i] += n));
  }
}
