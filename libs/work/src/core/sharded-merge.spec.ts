import type { JobMetricsSeries } from './job-metrics-report';
import { mergeJobMetrics, mergeRedisSummaries, searchCursor } from './sharded-merge';
import type { RedisSummary } from './redis-info';

const series = (job: string, processed: number[], mean: (number | null)[], p99: number | null) =>
  ({
    job,
    processed,
    failed: processed.map(() => 0),
    mean_ms: mean,
    percentiles: processed.map(() => ({ p50: p99, p95: p99, p99 })),
    total: {
      processed: processed.reduce((a, b) => a + b, 0),
      failed: 0,
      mean_ms: mean.find((m) => m !== null) ?? null,
      p50: p99,
      p95: p99,
      p99,
    },
  }) satisfies JobMetricsSeries;

describe('sharded merges', () => {
  it('add job metrics by name and minute: runs summed, means weighted by runs, percentiles the highest', () => {
    const report = (jobs: JobMetricsSeries[]) => ({
      minutes: [60, 120],
      buckets_ms: [1, 10],
      jobs,
    });
    const merged = mergeJobMetrics([
      report([series('b', [1, 0], [10, null], 5), series('a', [2, 2], [4, 4], 8)]),
      report([series('b', [3, 2], [20, 30], 9)]),
    ]);
    expect(merged.jobs.map((j) => j.job)).toEqual(['a', 'b']);
    const b = merged.jobs[1];
    expect(b.processed).toEqual([4, 2]);
    expect(b.mean_ms).toEqual([17.5, 30]);
    expect(b.percentiles[0]).toEqual({ p50: 9, p95: 9, p99: 9 });
    // Totals: 1 run at 10 ms and 5 at 20 ms.
    expect(b.total).toEqual({ processed: 6, failed: 0, mean_ms: 110 / 6, p50: 9, p95: 9, p99: 9 });
    expect(merged.jobs[0].processed).toEqual([2, 2]);
  });

  it('count the namespace keys of every shard', () => {
    const summary = (keys: number, capped: boolean) =>
      ({ version: '7', namespace_keys: keys, namespace_keys_capped: capped }) as RedisSummary;
    expect(mergeRedisSummaries([summary(3, false), summary(4, true)])).toMatchObject({
      version: '7',
      namespace_keys: 7,
      namespace_keys_capped: true,
    });
  });

  it('pack a search cursor as the shard and the place within it', () => {
    for (const [shard, inner] of [
      [0, 0],
      [2, 0],
      [1, 12345],
    ])
      expect(searchCursor.unpack(searchCursor.pack(shard, inner, 3), 3)).toEqual({ shard, inner });
    expect(searchCursor.pack(0, 0, 3)).toBe(0);
  });
});
