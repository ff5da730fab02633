/**
 * How a sharded client adds up what each shard's client read: stats by bucket, job metrics by
 * name and minute, Redis summaries, and the composite cursor of a search that walks the shards
 * one after another.
 */
import type { JobMetricsReport, JobMetricsSeries, Percentiles } from './job-metrics-report';
import type { RedisSummary } from './redis-info';
import type { Stats, StatsPoint } from './stats';

/** Totals and per-second/per-minute points summed over the shards. */
export function sumStats(all: Stats[]): Stats {
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

const maxOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.max(a, b);

/** The larger of each percentile: an upper bound, since the shards' histograms are read apart. */
function maxPercentiles(a: Percentiles, b: Percentiles): Percentiles {
  return { p50: maxOf(a.p50, b.p50), p95: maxOf(a.p95, b.p95), p99: maxOf(a.p99, b.p99) };
}

/** The mean of two means weighted by their run counts. */
function meanOf(a: number | null, runsA: number, b: number | null, runsB: number): number | null {
  if (a === null || runsA === 0) return b;
  if (b === null || runsB === 0) return a;
  return (a * runsA + b * runsB) / (runsA + runsB);
}

function addSeries(into: JobMetricsSeries, from: JobMetricsSeries): void {
  for (let i = 0; i < into.processed.length; i++) {
    const runsInto = into.processed[i] + into.failed[i];
    const runsFrom = (from.processed[i] ?? 0) + (from.failed[i] ?? 0);
    into.mean_ms[i] = meanOf(into.mean_ms[i], runsInto, from.mean_ms[i] ?? null, runsFrom);
    into.percentiles[i] = maxPercentiles(
      into.percentiles[i],
      from.percentiles[i] ?? into.percentiles[i],
    );
    into.processed[i] += from.processed[i] ?? 0;
    into.failed[i] += from.failed[i] ?? 0;
  }
  const t = into.total;
  const f = from.total;
  into.total = {
    ...maxPercentiles(t, f),
    mean_ms: meanOf(t.mean_ms, t.processed + t.failed, f.mean_ms, f.processed + f.failed),
    processed: t.processed + f.processed,
    failed: t.failed + f.failed,
  };
}

/**
 * Job metrics added up by name and minute: runs and failures summed, means weighted by runs, and
 * each percentile the highest of any shard (an upper bound of the true one).
 */
export function mergeJobMetrics(all: JobMetricsReport[]): JobMetricsReport {
  const byName = new Map<string, JobMetricsSeries>();
  for (const series of all.flatMap((r) => r.jobs)) {
    const seen = byName.get(series.job);
    if (seen) addSeries(seen, series);
    else byName.set(series.job, structuredClone(series));
  }
  return {
    minutes: all[0].minutes,
    buckets_ms: all[0].buckets_ms,
    jobs: [...byName.values()].sort((a, b) => (a.job < b.job ? -1 : 1)),
  };
}

/** The server figures of the first summary, with the namespace's keys counted over every shard. */
export function mergeRedisSummaries(all: RedisSummary[]): RedisSummary {
  return {
    ...all[0],
    namespace_keys: all.reduce((n, s) => n + s.namespace_keys, 0),
    namespace_keys_capped: all.some((s) => s.namespace_keys_capped),
  };
}

/**
 * A search cursor over N shards: the shard walked now and the cursor within it, packed into one
 * integer (`inner * shards + shard`) so callers pass it back as they do on one namespace.
 */
export const searchCursor = {
  unpack(cursor: number, shards: number): { shard: number; inner: number } {
    return { shard: cursor % shards, inner: Math.floor(cursor / shards) };
  },
  pack(shard: number, inner: number, shards: number): number {
    return inner * shards + shard;
  },
};
