/**
 * Reads the per-minute job metrics back (see job-metrics.ts) for the dashboard's Metrics page:
 * per job name and minute the runs, failures, mean run time and p50/p95/p99 estimated from the
 * histogram, plus the same figures over the whole window.
 */
import type Redis from 'ioredis';
import { BUCKET_FIELDS, JOB_METRICS_BUCKETS_MS, JOB_METRICS_FIELDS } from './job-metrics';
import type { Keys } from './keys';

/** Most minute buckets one read may fetch (job names × minutes): 50 names over 24 hours. */
export const MAX_JOB_METRICS_READS = 50 * 1440;

/** Run-time percentiles in ms; null when nothing ran. */
export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One job name over the window. */
export interface JobMetricsSeries {
  job: string;
  /** Runs that succeeded, per minute (aligned with {@link JobMetricsReport.minutes}). */
  processed: number[];
  /** Runs that failed, per minute. */
  failed: number[];
  /** Mean run time per minute in ms; null for minutes without runs. */
  mean_ms: (number | null)[];
  /** Percentiles per minute. */
  percentiles: Percentiles[];
  /** Over the whole window. */
  total: { processed: number; failed: number; mean_ms: number | null } & Percentiles;
}

/** What GET metrics/jobs answers. */
export interface JobMetricsReport {
  /** Epoch seconds of each minute, oldest first. */
  minutes: number[];
  /** Upper bounds of the histogram buckets in ms (a last bucket holds slower runs). */
  buckets_ms: number[];
  /** One entry per job name, sorted by name. */
  jobs: JobMetricsSeries[];
}

/**
 * The `q` quantile of a histogram, interpolated linearly inside the bucket it falls in. In the
 * open last bucket the estimate is its lower bound: "at least this slow".
 */
export function histogramQuantile(counts: number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] === 0 || seen + counts[i] < rank) {
      seen += counts[i];
      continue;
    }
    const lower = i === 0 ? 0 : JOB_METRICS_BUCKETS_MS[i - 1];
    if (i >= JOB_METRICS_BUCKETS_MS.length) return lower;
    const upper = JOB_METRICS_BUCKETS_MS[i];
    return Math.round(lower + ((upper - lower) * (rank - seen)) / counts[i]);
  }
  return JOB_METRICS_BUCKETS_MS[JOB_METRICS_BUCKETS_MS.length - 1];
}

function percentilesOf(counts: number[]): Percentiles {
  return {
    p50: histogramQuantile(counts, 0.5),
    p95: histogramQuantile(counts, 0.95),
    p99: histogramQuantile(counts, 0.99),
  };
}

/** Reads `minutes` minutes up to `now` for each of `names`. */
export async function readJobMetrics(
  keys: Keys,
  redis: Redis,
  now: number,
  minutes: number,
  names: string[],
): Promise<JobMetricsReport> {
  const last = Math.floor(now / 60) * 60;
  const at = Array.from({ length: minutes }, (_, i) => last - (minutes - 1 - i) * 60);
  const sorted = [...names].sort();
  const pipeline = redis.pipeline();
  for (const name of sorted)
    for (const minute of at) pipeline.hmget(keys.jobMetrics(minute, name), ...JOB_METRICS_FIELDS);
  const replies = (await pipeline.exec()) ?? [];
  const jobs = sorted.map((job, j): JobMetricsSeries => {
    const series: JobMetricsSeries = {
      job,
      processed: [],
      failed: [],
      mean_ms: [],
      percentiles: [],
      total: { processed: 0, failed: 0, mean_ms: null, p50: null, p95: null, p99: null },
    };
    const window = BUCKET_FIELDS.map(() => 0);
    let totalMs = 0;
    at.forEach((_, m) => {
      const [err, value] = replies[j * minutes + m] ?? [null, []];
      if (err) throw err;
      const [p, f, ms, ...buckets] = (value as (string | null)[]).map((v) => Number(v ?? 0));
      series.processed.push(p);
      series.failed.push(f);
      series.mean_ms.push(p + f > 0 ? Math.round(ms / (p + f)) : null);
      series.percentiles.push(percentilesOf(buckets));
      buckets.forEach((n, i) => (window[i] += n));
      totalMs += ms;
      series.total.processed += p;
      series.total.failed += f;
    });
    const runs = series.total.processed + series.total.failed;
    series.total = {
      ...series.total,
      mean_ms: runs > 0 ? Math.round(totalMs / runs) : null,
      ...percentilesOf(window),
    };
    return series;
  });
  return { minutes: at, buckets_ms: JOB_METRICS_BUCKETS_MS, jobs };
}
