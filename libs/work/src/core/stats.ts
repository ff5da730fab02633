/**
 * Processed and failed counters for dashboards: each pool counts its outcomes in memory and adds
 * them to Redis once a second, into per-second buckets (kept an hour), per-minute buckets (kept two
 * days) and running totals. New keys under `NSstats:`, ignored by Go peers; bounded by their TTLs.
 */
import type Redis from 'ioredis';
import type { Clock } from './clock';
import type { Keys } from './keys';

/** How long buckets live. */
export const SECOND_BUCKET_TTL = 3600;
export const MINUTE_BUCKET_TTL = 2 * 86400;

/** Outcome counts not yet written. */
export class StatsCounter {
  processed = 0;
  failed = 0;

  constructor(
    private readonly keys: Keys,
    private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  /** Adds what was counted since the last flush (nothing when nothing happened). */
  async flush(): Promise<void> {
    const { processed, failed } = this;
    if (processed === 0 && failed === 0) return;
    this.processed = 0;
    this.failed = 0;
    const now = this.clock.nowSeconds();
    const second = this.keys.statsSecond(now);
    const minute = this.keys.statsMinute(Math.floor(now / 60) * 60);
    const pipeline = this.redis.pipeline();
    for (const key of [second, minute, this.keys.statsTotal]) {
      if (processed) pipeline.hincrby(key, 'processed', processed);
      if (failed) pipeline.hincrby(key, 'failed', failed);
    }
    pipeline.expire(second, SECOND_BUCKET_TTL).expire(minute, MINUTE_BUCKET_TTL);
    try {
      await pipeline.exec();
    } catch (err) {
      // Counts are best effort: keep them for the next flush rather than lose them.
      this.processed += processed;
      this.failed += failed;
      throw err;
    }
  }
}

/** One bucket of the series. */
export interface StatsPoint {
  /** Epoch seconds at the start of the bucket. */
  at: number;
  processed: number;
  failed: number;
}

/** What `readStats` returns (the admin API's stats route). */
export interface Stats {
  total: { processed: number; failed: number };
  per_second: StatsPoint[];
  per_minute: StatsPoint[];
}

/** Reads the totals, the last `seconds` per-second buckets and the last `minutes` per-minute ones. */
export async function readStats(
  keys: Keys,
  redis: Redis,
  now: number,
  seconds: number,
  minutes: number,
): Promise<Stats> {
  const pipeline = redis.pipeline();
  pipeline.hmget(keys.statsTotal, 'processed', 'failed');
  const secondsAt = Array.from({ length: seconds }, (_, i) => now - seconds + 1 + i);
  const minuteNow = Math.floor(now / 60) * 60;
  const minutesAt = Array.from({ length: minutes }, (_, i) => minuteNow - (minutes - 1 - i) * 60);
  for (const at of secondsAt) pipeline.hmget(keys.statsSecond(at), 'processed', 'failed');
  for (const at of minutesAt) pipeline.hmget(keys.statsMinute(at), 'processed', 'failed');
  const replies = ((await pipeline.exec()) ?? []).map(([err, value]) =>
    err ? [null, null] : (value as (string | null)[]),
  );
  const point = (at: number, [p, f]: (string | null)[]): StatsPoint => ({
    at,
    processed: Number(p ?? 0),
    failed: Number(f ?? 0),
  });
  const [total] = replies;
  return {
    total: { processed: Number(total[0] ?? 0), failed: Number(total[1] ?? 0) },
    per_second: secondsAt.map((at, i) => point(at, replies[1 + i])),
    per_minute: minutesAt.map((at, i) => point(at, replies[1 + seconds + i])),
  };
}
